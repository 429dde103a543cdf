package procedures

import (
	"errors"
	"fmt"
	"strings"
)

// ErrNotCatalogue is wrapped by an import of a file that is not a
// catalogue at all (not JSON, not a spreadsheet, no header row).
var ErrNotCatalogue = errors.New("not a procedure catalogue")

// Problem is one thing wrong in an imported file: where (a row or a
// procedure's position), which field, and what, in Vietnamese and English.
type Problem struct {
	WhereVI, WhereEN string // "dòng 5" / "row 5", "thủ tục thứ 3" / "procedure 3"; "" for the file
	Field            string // the column or JSON key, e.g. "TENTTHC"
	VI, EN           string
}

func (p Problem) String() string {
	vi, en := p.VI, p.EN
	if p.Field != "" {
		vi, en = "cột "+p.Field+": "+vi, "field "+p.Field+": "+en
	}
	if p.WhereVI != "" {
		vi, en = p.WhereVI+", "+vi, p.WhereEN+", "+en
	}
	return vi + " / " + en
}

// ImportError is every problem found in a file; nothing of it was
// imported. Callers show Problems one per line.
type ImportError struct {
	Problems []Problem
}

// maxListed is how many problems Error spells out.
const maxListed = 20

func (e *ImportError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "danh mục thủ tục không hợp lệ, không nhập gì (%d lỗi) / invalid procedure catalogue, nothing imported (%d problems):", len(e.Problems), len(e.Problems))
	for i, p := range e.Problems {
		if i == maxListed {
			fmt.Fprintf(&b, "\n  … và %d lỗi khác / and %d more", len(e.Problems)-i, len(e.Problems)-i)
			break
		}
		b.WriteString("\n  ")
		b.WriteString(p.String())
	}
	return b.String()
}

// problems collects Problems while a file is checked.
type problems struct {
	list             []Problem
	whereVI, whereEN string
}

func (ps *problems) at(vi, en string) { ps.whereVI, ps.whereEN = vi, en }

func (ps *problems) add(field, vi, en string) {
	ps.list = append(ps.list, Problem{ps.whereVI, ps.whereEN, field, vi, en})
}

func (ps *problems) err() error {
	if len(ps.list) == 0 {
		return nil
	}
	return &ImportError{Problems: ps.list}
}
