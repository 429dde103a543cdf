package procedures

import (
	"os"
	"testing"
)

// The importers take files an administrator brings on a USB stick: any
// bytes must give a catalogue or an error, never a panic, and a catalogue
// they give must search.
func FuzzParseJSON(f *testing.F) {
	if b, err := os.ReadFile("../../assets/procedures/catalogue.json"); err == nil {
		f.Add(b)
	}
	f.Add([]byte(`[{"MA":"a","TENTTHC":"Đăng ký khai sinh","TENLINHVUC":"Hộ tịch","THANHPHANHOSO":[{"GIAYTO":[{"TENGIAYTO":"Tờ khai","SOBANCHINH":1}]}]}]`))
	f.Add([]byte(`{"PHIENBAN":"1","NGAYCAPNHAT":"2026-01-02","THUTUC":[]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		if x, err := ParseJSON(b); err == nil {
			x.Search("dang ky khai sinh", 3)
			x.Search(string(b), 3)
		}
	})
}

func FuzzParseCSV(f *testing.F) {
	if b, err := os.ReadFile("testdata/two.csv"); err == nil {
		f.Add(b)
	}
	f.Add([]byte("MA;TENTTHC;TENLINHVUC\nx;Đăng ký;Hộ tịch\n"))
	f.Add([]byte("#NGUON,a\nMA,TENTTHC,TENLINHVUC,THANHPHANHOSO\nx,A,B,\"[c]\nd|1|2|e\"\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if x, err := ParseCSV(b); err == nil {
			x.Search("chuwng thuwcj", 3)
		}
	})
}

func FuzzParseXLSX(f *testing.F) {
	if b, err := os.ReadFile("testdata/two.csv"); err == nil {
		f.Add(xlsx(f, csvRows(f, b)))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if x, err := ParseXLSX(b); err == nil {
			x.Search("khai sinh", 3)
		}
	})
}

// FuzzSearch: any query, typed or pasted, is answered.
func FuzzSearch(f *testing.F) {
	x, err := Shipped()
	if err != nil {
		f.Fatal(err)
	}
	for _, c := range citizenQueries {
		f.Add(c.q)
	}
	f.Fuzz(func(t *testing.T, q string) {
		for _, h := range x.Search(q, 5) {
			if h.Score <= 0 {
				t.Fatalf("%q: hit %s with score %v", q, h.Procedure.ID, h.Score)
			}
		}
	})
}
