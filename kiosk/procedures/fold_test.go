package procedures

import "testing"

func TestFoldUntelex(t *testing.T) {
	for in, want := range map[string]string{
		"Đăng ký Khai sinh!":      "dang ky khai sinh",
		"  Chứng thực,  bản sao ": "chung thuc ban sao",
		"HĐND":                    "hdnd",
	} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{
		"chuwng": "chung", "thuwcj": "thuc", "ddawng": "dang", "kys": "ky", "hoon": "hon",
		"keets": "ket", "trich": "trich", "xac": "xac", "sinh": "sinh", "nhaanj": "nhan", "tinhf": "tinh",
	} {
		if got := Untelex(in); got != want {
			t.Errorf("Untelex(%q) = %q, want %q", in, got, want)
		}
	}
}
