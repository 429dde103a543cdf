package procedures

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
)

// File is a catalogue as it is stored: the envelope (version, date,
// sources, fields) and the procedures. It is the JSON shape documented in
// doc.go; the importers of other formats produce one too.
type File struct {
	Version    string      `json:"PHIENBAN"`
	Updated    string      `json:"NGAYCAPNHAT,omitempty"` // YYYY-MM-DD
	Sources    []Source    `json:"NGUON,omitempty"`
	Unverified []string    `json:"CANXACMINH,omitempty"`
	Note       string      `json:"GHICHU,omitempty"`
	Fields     []Field     `json:"LINHVUC,omitempty"`
	Procedures []Procedure `json:"THUTUC"`
}

// Index is the in-memory Catalogue: built once from a File, then read only.
type Index struct {
	file    File
	meta    Meta
	fields  []Field
	byField map[string][]int
	byKey   map[string]int
	s       searchIndex
}

var _ Catalogue = (*Index)(nil)

// New checks f and builds its index. On any problem it returns an
// *ImportError listing them all, naming each procedure by its position.
func New(f File) (*Index, error) {
	return build(f, func(i int) (string, string) {
		return fmt.Sprintf("thủ tục thứ %d", i+1), fmt.Sprintf("procedure %d", i+1)
	})
}

// codePattern is the national code: "1.001193", or a local variant of it
// ("1.001193.000.00.00.H12").
var codePattern = regexp.MustCompile(`^[0-9]{1,2}\.[0-9]{6}(\.[0-9A-Za-z.]+)?$`)

// build normalises and checks f; where names procedure i in a problem.
func build(f File, where func(i int) (vi, en string)) (*Index, error) {
	var ps problems
	x := &Index{byField: map[string][]int{}, byKey: map[string]int{}}
	x.meta = Meta{Version: strings.TrimSpace(f.Version), Sources: f.Sources, Unverified: f.Unverified, Note: f.Note}
	if u := strings.TrimSpace(f.Updated); u != "" {
		t, err := time.Parse("2006-01-02", u)
		if err != nil {
			t, err = time.Parse("02/01/2006", u)
		}
		if err != nil {
			ps.add("NGAYCAPNHAT", fmt.Sprintf("ngày %q không đúng dạng NNNN-TT-NN", u), fmt.Sprintf("date %q is not YYYY-MM-DD", u))
		}
		x.meta.Updated = t
	}
	if len(f.Procedures) == 0 {
		ps.add("THUTUC", "không có thủ tục nào", "no procedures")
	}
	fieldAt := map[string]int{}
	for _, fd := range f.Fields {
		fd.ID, fd.Name = strings.TrimSpace(fd.ID), clean(fd.Name)
		if fd.ID == "" {
			fd.ID = slug(fd.Name)
		}
		if fd.ID == "" {
			ps.add("LINHVUC", "lĩnh vực không có mã và tên", "a field has neither code nor name")
			continue
		}
		if _, dup := fieldAt[fd.ID]; dup {
			ps.add("LINHVUC", fmt.Sprintf("lĩnh vực %q khai báo hai lần", fd.ID), fmt.Sprintf("field %q is declared twice", fd.ID))
			continue
		}
		fieldAt[fd.ID] = len(x.fields)
		x.fields = append(x.fields, fd)
	}
	procs := make([]Procedure, len(f.Procedures))
	for i, p := range f.Procedures {
		ps.at(where(i))
		p = normalise(p)
		check(&p, &ps)
		if p.FieldID == "" {
			p.FieldID = slug(p.FieldName)
		}
		if j, ok := fieldAt[p.FieldID]; ok {
			if p.FieldName == "" {
				p.FieldName = x.fields[j].Name
			}
		} else if p.FieldID != "" {
			if p.FieldName == "" {
				ps.add("TENLINHVUC", fmt.Sprintf("lĩnh vực %q không có trong danh sách lĩnh vực", p.FieldID), fmt.Sprintf("field %q is not in the list of fields", p.FieldID))
			}
			fieldAt[p.FieldID] = len(x.fields)
			x.fields = append(x.fields, Field{ID: p.FieldID, Name: p.FieldName})
		}
		for _, k := range []string{p.ID, p.Code} {
			if k == "" {
				continue
			}
			if j, dup := x.byKey[k]; dup && j != i {
				ps.add("MA", fmt.Sprintf("mã %q trùng với thủ tục khác", k), fmt.Sprintf("code %q is used by another procedure", k))
			}
			x.byKey[k] = i
		}
		procs[i] = p
		x.byField[p.FieldID] = append(x.byField[p.FieldID], i)
	}
	if err := ps.err(); err != nil {
		return nil, err
	}
	// Only fields with procedures are browsed.
	x.fields = slices.DeleteFunc(x.fields, func(fd Field) bool { return len(x.byField[fd.ID]) == 0 })
	for id, is := range x.byField {
		slices.SortStableFunc(is, func(a, b int) int { return procs[b].Popularity - procs[a].Popularity })
		x.byField[id] = is
	}
	x.file = f
	x.file.Fields = x.fields
	x.file.Procedures = procs
	x.meta.Count = len(procs)
	x.s = newSearchIndex(procs)
	return x, nil
}

// normalise trims every text and gives the procedure its ID.
func normalise(p Procedure) Procedure {
	p.ID, p.Code = strings.TrimSpace(p.ID), strings.TrimSpace(p.Code)
	if p.ID == "" {
		p.ID = p.Code
	}
	p.Name, p.FieldName, p.FieldID = clean(p.Name), clean(p.FieldName), strings.TrimSpace(p.FieldID)
	p.Level, p.Agency, p.Applicants = clean(p.Level), clean(p.Agency), clean(p.Applicants)
	p.Result, p.Requirements, p.Decision = clean(p.Result), clean(p.Requirements), clean(p.Decision)
	p.PortalURL, p.Service = strings.TrimSpace(p.PortalURL), strings.TrimSpace(p.Service)
	p.Steps, p.LegalBasis, p.Keywords = cleanList(p.Steps), cleanList(p.LegalBasis), cleanList(p.Keywords)
	chs := p.Channels[:0:0]
	for _, c := range p.Channels {
		c.Kind, c.Deadline, c.Fee, c.Note = clean(c.Kind), clean(c.Deadline), clean(c.Fee), clean(c.Note)
		if k := channelKind(c.Kind); k != "" {
			c.Kind = k
		}
		chs = append(chs, c)
	}
	p.Channels = chs
	cases := p.Dossier[:0:0]
	for _, dc := range p.Dossier {
		dc.Case = clean(dc.Case)
		docs := dc.Documents[:0:0]
		for _, d := range dc.Documents {
			d.Name, d.Form = clean(d.Name), clean(d.Form)
			docs = append(docs, d)
		}
		dc.Documents = docs
		cases = append(cases, dc)
	}
	p.Dossier = cases
	return p
}

// check adds p's problems to ps.
func check(p *Procedure, ps *problems) {
	if p.Name == "" {
		ps.add("TENTTHC", "thiếu tên thủ tục", "the procedure's name is missing")
	}
	if p.ID == "" {
		ps.add("MA", "thiếu mã (MA hoặc MATTHC)", "no code (MA or MATTHC)")
	}
	if p.Code != "" && !codePattern.MatchString(p.Code) {
		ps.add("MATTHC", fmt.Sprintf("mã thủ tục %q không đúng dạng 1.001193", p.Code), fmt.Sprintf("procedure code %q is not like 1.001193", p.Code))
	}
	if p.FieldID == "" && p.FieldName == "" {
		ps.add("TENLINHVUC", "thiếu lĩnh vực", "the field (lĩnh vực) is missing")
	}
	if p.Popularity < 0 {
		ps.add("PHOBIEN", "độ phổ biến không được âm", "popularity must not be negative")
	}
	seen := map[string]bool{}
	for _, c := range p.Channels {
		switch {
		case channelKind(c.Kind) == "":
			ps.add("KENH", fmt.Sprintf("cách thức %q không phải Trực tiếp, Trực tuyến hay Bưu chính", c.Kind), fmt.Sprintf("channel %q is not Trực tiếp, Trực tuyến or Bưu chính", c.Kind))
		case seen[c.Kind]:
			ps.add("KENH", fmt.Sprintf("cách thức %q ghi hai lần", c.Kind), fmt.Sprintf("channel %q is given twice", c.Kind))
		}
		seen[c.Kind] = true
	}
	for _, dc := range p.Dossier {
		for _, d := range dc.Documents {
			if d.Name == "" {
				ps.add("TENGIAYTO", "giấy tờ không có tên", "a document has no name")
			}
			if d.Originals < 0 || d.Copies < 0 || d.Originals > 99 || d.Copies > 99 {
				ps.add("SOBANCHINH", fmt.Sprintf("số bản của %q phải từ 0 đến 99", d.Name), fmt.Sprintf("the number of copies of %q must be 0 to 99", d.Name))
			}
		}
	}
}

// channelKind maps a channel as typed to its constant, "" if none.
func channelKind(s string) string {
	switch strings.ReplaceAll(Fold(s), " ", "") {
	case "tructiep":
		return InPerson
	case "tructuyen":
		return Online
	case "buuchinh", "quabuuchinh", "buudien":
		return Post
	}
	return ""
}

// clean trims s and joins its runs of white space, so that a spreadsheet
// cell and a JSON string compare alike.
func clean(s string) string { return strings.Join(strings.Fields(s), " ") }

func cleanList(l []string) []string {
	var out []string
	for _, s := range l {
		if s = clean(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// slug is a field's ID made from its name: "Hộ tịch" → "ho-tich".
func slug(name string) string { return strings.ReplaceAll(Fold(name), " ", "-") }

// Info returns the catalogue's metadata.
func (x *Index) Info() Meta { return x.meta }

// Fields returns the fields that have procedures.
func (x *Index) Fields() []Field { return slices.Clone(x.fields) }

// ByField returns a field's procedures, most asked for first.
func (x *Index) ByField(fieldID string) []Procedure {
	is := x.byField[fieldID]
	if len(is) == 0 {
		return nil
	}
	out := make([]Procedure, len(is))
	for j, i := range is {
		out[j] = x.file.Procedures[i]
	}
	return out
}

// Get finds a procedure by ID or national code.
func (x *Index) Get(code string) (Procedure, bool) {
	i, ok := x.byKey[strings.TrimSpace(code)]
	if !ok {
		return Procedure{}, false
	}
	return x.file.Procedures[i], true
}

// All returns every procedure in the catalogue's order.
func (x *Index) All() []Procedure { return slices.Clone(x.file.Procedures) }

// File returns the normalised catalogue, as Install stores it.
func (x *Index) File() File { return x.file }
