package ui

import (
	"testing"

	"golang.org/x/text/unicode/norm"
)

func TestTelex(t *testing.T) {
	tests := []struct{ keys, want string }{
		{"Nguyeenx Thij Hoaf", "Nguyễn Thị Hòa"},
		{"Vieejt Nam", "Việt Nam"},
		{"dduwowngf", "đường"},
		{"dduongwf", "đường"},
		{"nguwowif", "người"},
		{"nguoiwf", "người"},
		{"tieengs", "tiếng"},
		{"tiengse", "tiếng"},
		{"Tieengs Vieejt", "Tiếng Việt"},
		{"quaf", "quà"},
		{"quys", "quý"},
		{"gif", "gì"},
		{"giaf", "già"},
		{"giuwax", "giữa"},
		{"thuyr", "thủy"},
		{"khoer", "khỏe"},
		{"hoanf", "hoàn"},
		{"muaf", "mùa"},
		{"mias", "mía"},
		{"tair", "tải"},
		{"luaanj", "luận"},
		{"tuwowi", "tươi"},
		{"tuowi", "tươi"},
		{"thuyeets", "thuyết"},
		{"khuyeenr", "khuyển"},
		{"oaij", "oại"},
		{"xin", "xin"},
		{"sao", "sao"},
		{"rau", "rau"},
		{"w", "ư"},
		{"tw", "tư"},
		{"ww", "w"},
		{"aaa", "aa"},
		{"ddd", "dd"},
		{"ass", "as"},
		{"asz", "a"},
		{"asfz", "a"},
		{"AAS", "Ấ"},
		{"DDAWNGF", "ĐẰNG"},
		{"Ddinhf", "Đình"},
		{"Hoaf An", "Hòa An"},
		{"Phuf Mix", "Phù Mĩ"},
		{"Chuwngs thuwcj", "Chứng thực"},
		{"Hooj tichj", "Hộ tịch"},
		{"Ddaats ddai", "Đất đai"},
		{"Trar keets quar", "Trả kết quả"},
		{"Lao ddoongj", "Lao động"},
		{"Bar", "Bả"},
		{"UBND xax Taan Chaau", "UBND xã Tân Châu"},
		{"07:00-11:15", "07:00-11:15"},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.keys, func(t *testing.T) {
			got := Telex(tt.keys)
			if want := norm.NFC.String(tt.want); got != want {
				t.Errorf("Telex(%q) = %q, want %q", tt.keys, got, want)
			}
			if !norm.NFC.IsNormalString(got) {
				t.Errorf("Telex(%q) is not NFC", tt.keys)
			}
		})
	}
}
