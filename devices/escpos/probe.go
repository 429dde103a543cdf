package escpos

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// The probe page's two QR codes. Each says what it is, for whoever scans
// it with a phone. The native one's length is chosen so that the length
// byte of GS ( k fn 180 (pL = len + 3) is a printable character: a
// printer without GS ( k then prints "(k1A2(k1C..." and the data as text,
// instead of taking pL for a command.
const (
	ProbeNativeQR = "MOTCUA PROBE: QR BY THE PRINTER (GS ( k)"
	ProbeRasterQR = "MOTCUA PROBE: QR AS AN IMAGE (GS v 0)"
)

// The probe's user-defined character: a grid of dots in every other
// position, downloaded to the code of 'X'. Its bytes are 0xAA and 0x55,
// and its width (10) is LF, so a printer that does not know ESC & prints
// a few characters of garbage and a line feed, never a command.
const (
	probeUserCode  = 'X'
	probeUserWidth = 10
	probeUserCount = 8
)

// Paper widths a probe page can be laid out for, in dots at 203 dpi.
const (
	Dots58mm = 384
	Dots80mm = 576
)

// PaperDots gives the printable width of 58 or 80 mm paper.
func PaperDots(mm int) (int, error) {
	switch mm {
	case 58:
		return Dots58mm, nil
	case 80:
		return Dots80mm, nil
	}
	return 0, fmt.Errorf("paper %d mm: want 58 or 80", mm)
}

// ProbeCodePage is one ESC t page the probe page tries: a page number
// with the Vietnamese charset some shipped profile says it holds, and
// those profiles.
type ProbeCodePage struct {
	Page     int
	Charset  string   // canonical name: "tcvn3", "tcvn3-upper", "viscii"
	Profiles []string // shipped profiles with this page, sorted
}

// ProbeCodePages lists every distinct (ESC t number, Vietnamese charset)
// pair of the shipped profiles, by page then charset. A charset counts as
// Vietnamese when it has ạ or Ạ: cp437 and cp1252 have neither.
func ProbeCodePages() []ProbeCodePage {
	type key struct {
		page int
		cs   string
	}
	seen := map[key]*ProbeCodePage{}
	for _, name := range ProfileNames() {
		p, err := LookupProfile(name)
		if err != nil {
			continue
		}
		for n, csName := range p.CodePages {
			cs, err := LookupCharset(csName)
			if err != nil || !isVietnamese(cs) {
				continue
			}
			k := key{n, cs.Name()}
			if seen[k] == nil {
				seen[k] = &ProbeCodePage{Page: n, Charset: cs.Name()}
			}
			seen[k].Profiles = append(seen[k].Profiles, p.Name)
		}
	}
	out := make([]ProbeCodePage, 0, len(seen))
	for _, pc := range seen {
		sort.Strings(pc.Profiles)
		out = append(out, *pc)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Page != out[j].Page {
			return out[i].Page < out[j].Page
		}
		return out[i].Charset < out[j].Charset
	})
	return out
}

func isVietnamese(cs Charset) bool {
	_, lower := cs.Encode('ạ')
	_, upper := cs.Encode('Ạ')
	return lower || upper
}

// EncodeProbePage lays out the installer's probe page for paper
// paperDots wide (Dots58mm, Dots80mm) and returns the ESC/POS job.
//
// Unlike EncodeTestPage it follows no profile: it tries every feature a
// profile can declare, each in a section of its own whose label says
// what the paper shows when the printer has the feature, so an installer
// picks the profile by looking at the paper. In order: a reference line
// of Vietnamese as an image (what correct looks like); the Vietnamese
// sample in every code page of ProbeCodePages, each labelled "ESC t N
// (charset):"; a QR code by GS ( k; a QR code as an image; a
// user-defined character (ESC &); the table of shipped profiles and
// their features; and last a cut (GS V), the only one.
//
// Every label is printable on any ESC/POS printer: Vietnamese as raster
// images (GS v 0), English in unaccented ASCII in the printer's font.
// Each label comes before the command it describes and each section
// starts with ESC @ and a feed, so a command the printer does not know
// cannot swallow the next section's label. tp.QR is not used: the QR
// codes hold ProbeNativeQR and ProbeRasterQR.
func EncodeProbePage(tp TestPage, paperDots int) ([]byte, error) {
	p := Profile{Name: "probe", PaperMM: paperMM(paperDots), DotsPerLine: paperDots,
		CodePages: map[int]string{0: "cp437"}, Strategy: StrategyHybrid}
	w, err := newTicketWriter(p, StrategyHybrid)
	if err == nil {
		w.lay = compactLayout
	}
	if err != nil {
		return nil, fmt.Errorf("probe page: %w", err)
	}
	pw := &probeWriter{w}
	steps := []func() error{
		func() error { return pw.header(tp) },
		pw.reference,
		pw.codePages,
		pw.nativeQR,
		pw.rasterQR,
		pw.userChars,
		pw.profileTable,
		pw.cutter,
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, fmt.Errorf("probe page: %w", err)
		}
	}
	return w.e.Result()
}

func paperMM(dots int) int {
	if dots < Dots80mm {
		return 58
	}
	return 80
}

// probeWriter writes the probe page's sections on a ticketWriter whose
// only page is cp437: ASCII in the printer's font, the rest as images.
type probeWriter struct{ *ticketWriter }

// section starts a section: ESC @ (whatever the last command left on,
// it is off now), centred, a feed and a thin rule across the paper.
func (w probeWriter) section() {
	w.e.Init()
	w.page, w.bold, w.size = 0, false, 1
	w.e.Align(AlignCenter)
	w.e.FeedDots(24)
	rule := NewBitmap(w.p.DotsPerLine, 2)
	for x := 0; x < rule.W; x += 2 {
		rule.Set(x, 0, true)
		rule.Set(x, 1, true)
	}
	w.e.Raster(rule).FeedDots(16)
}

// vi writes Vietnamese as an image, whatever the printer's code pages.
func (w probeWriter) vi(text string, bold bool) error {
	return w.rasterLine(line{text: normalize(text), bold: bold})
}

// en writes ASCII in the printer's font, wrapped to the paper.
func (w probeWriter) en(text string) error {
	if !isASCII(text) {
		return fmt.Errorf("label %q is not ASCII", text)
	}
	return w.textLine(line{text: text}, 1)
}

// rows writes ASCII lines left-aligned with their spaces kept: the
// table's columns. A row wider than the paper is wrapped at spaces, the
// rest indented by two.
func (w probeWriter) rows(rows []string) error {
	cols := w.p.DotsPerLine / fontAWidth
	w.e.Align(AlignLeft)
	for _, r := range rows {
		if !isASCII(r) {
			return fmt.Errorf("table row %q is not ASCII", r)
		}
		if len(r) <= cols {
			w.e.Text(r).LF()
			continue
		}
		for _, part := range wrap(r, cols-2) {
			w.e.Text("  " + part).LF()
		}
	}
	w.e.Align(AlignCenter)
	return nil
}

func (w probeWriter) header(tp TestPage) error {
	w.e.Init()
	w.e.Align(AlignCenter)
	for _, l := range []line{{text: normalize(tp.Office), bold: true}, {text: normalize(tp.Time)}} {
		if l.text != "" {
			if err := w.line(l); err != nil {
				return err
			}
		}
	}
	if err := w.vi("THỬ TÍNH NĂNG MÁY IN", true); err != nil {
		return err
	}
	if err := w.en("PRINTER PROBE"); err != nil {
		return err
	}
	if err := w.vi(fmt.Sprintf("Khổ giấy %d mm, %d điểm mỗi dòng", w.p.PaperMM, w.p.DotsPerLine), false); err != nil {
		return err
	}
	return w.labels(
		"Trang này thử mọi lệnh, không theo hồ sơ máy in nào. Xem từng phần, rồi chọn ở bảng cuối trang hồ sơ có đúng những gì đã in ra.",
		"Every command is tried, whatever the profile. Check each part, then pick the profile in the table at the end.")
}

// labels writes a section's explanation: Vietnamese as an image, then
// English in the printer's font.
func (w probeWriter) labels(vi, en string) error {
	if err := w.vi(vi, false); err != nil {
		return err
	}
	return w.en(en)
}

// reference prints the Vietnamese sample as images: every printer
// prints these, so they are what correct looks like.
func (w probeWriter) reference() error {
	w.section()
	if err := w.vi("1. Mẫu chữ đúng (ảnh)", true); err != nil {
		return err
	}
	if err := w.labels("Mọi máy in đều in được ảnh: chữ tiếng Việt đúng trông như sau.",
		"1. Reference, as an image: correct Vietnamese looks like this."); err != nil {
		return err
	}
	w.e.FeedDots(8)
	for _, s := range []string{VietnameseSample, vietnameseCapitals} {
		if err := w.vi(s, false); err != nil {
			return err
		}
	}
	return nil
}

// codePages prints the sample in every Vietnamese page of the shipped
// profiles, in the printer's font: the page whose line matches the
// reference is the printer's.
func (w probeWriter) codePages() error {
	w.section()
	if err := w.vi("2. Bảng mã tiếng Việt (ESC t)", true); err != nil {
		return err
	}
	if err := w.labels("Tìm dòng giống hệt mẫu ở phần 1 (mỗi bảng chỉ in những chữ nó có): số N của dòng đó là bảng mã của máy. Chữ sai hay ký hiệu lạ: máy không có bảng mã đó.",
		"2. Code pages: find the lines identical to part 1 (each page prints only the letters it has); their N is the printer's page. Wrong letters: no such page."); err != nil {
		return err
	}
	for _, pc := range ProbeCodePages() {
		cs, err := LookupCharset(pc.Charset)
		if err != nil {
			return err
		}
		w.e.FeedDots(12)
		if err := w.en(fmt.Sprintf("ESC t %d (%s):", pc.Page, pc.Charset)); err != nil {
			return err
		}
		w.e.CodePage(pc.Page)
		for _, s := range pageSample(cs) {
			for _, part := range wrap(s, w.p.DotsPerLine/fontAWidth) {
				b, ok := encodeIn(cs, part)
				if !ok {
					return fmt.Errorf("sample %q not in %s", part, pc.Charset)
				}
				w.e.Text(string(b)).LF()
			}
		}
		w.e.CodePage(0)
	}
	return nil
}

// pageSample is what one page prints of the Vietnamese sample: each of
// its two lines with the letters the page lacks left out, and a line
// left out when the page has none of its accented letters (TCVN-3's
// capitals page has no lowercase).
func pageSample(cs Charset) []string {
	var out []string
	for _, s := range []string{VietnameseSample, vietnameseCapitals} {
		var b strings.Builder
		accented := 0
		for _, r := range s {
			if _, ok := cs.Encode(r); ok {
				b.WriteRune(r)
				if r >= 0x80 {
					accented++
				}
			}
		}
		if accented > 0 {
			out = append(out, b.String())
		}
	}
	return out
}

// encodeIn writes s in one charset, no page switch.
func encodeIn(cs Charset, s string) ([]byte, bool) {
	out := make([]byte, 0, len(s))
	for _, r := range s {
		b, ok := cs.Encode(r)
		if !ok {
			return nil, false
		}
		out = append(out, b)
	}
	return out, true
}

// nativeQR sends GS ( k after its label; a line feed prints whatever a
// printer without it made of the bytes, and the next section's ESC @
// clears the rest.
func (w probeWriter) nativeQR() error {
	w.section()
	if err := w.vi("3. Mã QR do máy in vẽ (GS ( k)", true); err != nil {
		return err
	}
	if err := w.labels("Có mã QR hiện ngay dưới đây: máy có lệnh QR (native_qr: true). Không có gì, hay chữ như (k1A2: không có (native_qr: false).",
		"3. If a QR code appears below, the printer has native QR. Nothing, or text like (k1A2: it has not."); err != nil {
		return err
	}
	if n := len(ProbeNativeQR) + 3; n < 0x20 || n > 0x7E {
		return errors.New("native QR data length makes GS ( k pL a control byte")
	}
	w.e.FeedDots(qrQuietDots)
	w.e.QR(ProbeNativeQR, w.qrModule())
	w.e.LF()
	return nil
}

func (w probeWriter) qrModule() int {
	if w.p.DotsPerLine < Dots80mm {
		return qrModule58
	}
	return qrModule80
}

// rasterQR prints a QR code as an image, which every printer can.
func (w probeWriter) rasterQR() error {
	w.section()
	if err := w.vi("4. Mã QR dạng ảnh", true); err != nil {
		return err
	}
	if err := w.labels("Máy nào cũng in được: điện thoại phải đọc được mã này. Không đọc được: kiểm tra giấy và độ đậm.",
		"4. QR as an image: every printer prints it and a phone must read it."); err != nil {
		return err
	}
	b, err := qrBitmap(ProbeRasterQR, w.qrModule())
	if err != nil {
		return err
	}
	w.e.FeedDots(qrQuietDots).Raster(b).FeedDots(qrQuietDots)
	return nil
}

// probeGlyph is the user-defined character: dots in every other place,
// a grey square on paper.
func probeGlyph() Glyph {
	cols := make([]byte, 3*probeUserWidth)
	for x := range probeUserWidth {
		v := byte(0xAA)
		if x%2 == 1 {
			v = 0x55
		}
		cols[3*x], cols[3*x+1], cols[3*x+2] = v, v, v
	}
	return Glyph{W: probeUserWidth, Cols: cols}
}

// glyphBitmap draws a line of n glyphs as an image, each in a font A
// cell, magnified mag times: the picture the label shows.
func glyphBitmap(g Glyph, n, mag int) *Bitmap {
	b := NewBitmap(n*cellW*mag, cellH*mag)
	for i := range n {
		for x := range g.W {
			for y := range cellH {
				if g.Cols[3*x+y/8]&(0x80>>(y%8)) == 0 {
					continue
				}
				for dx := range mag {
					for dy := range mag {
						b.Set((i*cellW+x)*mag+dx, y*mag+dy, true)
					}
				}
			}
		}
	}
	return b
}

// userChars downloads the glyph to 'X' with ESC &, prints a line of 'X'
// with ESC % 1 at double size, and cancels it: ESC % 0 here, ESC @ (which
// also deletes the glyph) at the next section.
func (w probeWriter) userChars() error {
	w.section()
	if err := w.vi("5. Ký tự tự định nghĩa (ESC &)", true); err != nil {
		return err
	}
	if err := w.labels(fmt.Sprintf("Dòng dưới hình là %d ô lưới như hình: máy có (user_defined_chars: true). Thấy chữ %s: không có (false).", probeUserCount, strings.Repeat("X", probeUserCount)),
		fmt.Sprintf("5. User-defined characters: %d squares like the image = yes; %s = no.", probeUserCount, strings.Repeat("X", probeUserCount))); err != nil {
		return err
	}
	g := probeGlyph()
	w.e.FeedDots(8).Raster(glyphBitmap(g, probeUserCount, 2)).FeedDots(12)
	w.e.DefineChars(probeUserCode, []Glyph{g})
	w.setSize(2)
	w.e.UserChars(true)
	w.e.Text(strings.Repeat(string(rune(probeUserCode)), probeUserCount)).LF()
	w.e.UserChars(false)
	w.setSize(1)
	return nil
}

// profileTable lists the shipped profiles and their features, so the
// installer matches what the paper showed to a name.
func (w probeWriter) profileTable() error {
	w.section()
	if err := w.vi("6. Chọn hồ sơ máy in", true); err != nil {
		return err
	}
	if err := w.labels("Chọn hồ sơ có đúng những gì đã in ra ở trên (y: có, -: không). Dao cắt: xem phần 7.",
		"6. Pick the profile that matches what printed above (y: yes, -: no). Cutter: see part 7."); err != nil {
		return err
	}
	rows := []string{"Q = native QR (part 3)", "U = user-defined chars (5)", "C = cutter (part 7)", ""}
	names := ProfileNames()
	nameW := 0
	for _, n := range names {
		nameW = max(nameW, len(n))
	}
	rows = append(rows, fmt.Sprintf("%-*s Q U C mm", nameW, "profile"))
	yes := func(b bool) byte {
		if b {
			return 'y'
		}
		return '-'
	}
	for _, n := range names {
		p, err := LookupProfile(n)
		if err != nil {
			return err
		}
		rows = append(rows, fmt.Sprintf("%-*s %c %c %c %d", nameW, p.Name, yes(p.NativeQR), yes(p.UserDefinedChars), yes(p.Cutter), p.PaperMM))
		rows = append(rows, "  "+vietnamesePagesText(p))
	}
	return w.rows(rows)
}

// vietnamesePagesText names a profile's Vietnamese pages, for the table.
func vietnamesePagesText(p Profile) string {
	var parts []string
	for _, pc := range p.pages() {
		if isVietnamese(pc.cs) {
			parts = append(parts, fmt.Sprintf("%d %s", pc.page, pc.cs.Name()))
		}
	}
	if len(parts) == 0 {
		return "ESC t: none (Vietnamese as image)"
	}
	return "ESC t " + strings.Join(parts, ", ")
}

// cutter ends the page: the label, a feed past the tear bar (a printer
// without a cutter leaves the label outside), and the page's only GS V.
func (w probeWriter) cutter() error {
	w.section()
	if err := w.vi("7. Dao cắt (GS V)", true); err != nil {
		return err
	}
	if err := w.labels("Giấy bị cắt dưới dòng này: máy có dao cắt (cutter: true). Không bị cắt: xé giấy, chọn cutter: false.",
		"7. If the paper is cut below this line, the printer has a cutter."); err != nil {
		return err
	}
	w.e.FeedDots(tearFeed)
	w.e.Cut(CutPartial, 0)
	return nil
}
