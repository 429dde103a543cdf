package audio

import (
	"slices"
	"strings"
	"testing"

	"github.com/motcua-kiosk/motcua/devices"
)

// viWords maps clip names back to the Vietnamese words they say, so that
// the tables below read like the office hears them.
var viWords = map[string]string{
	"digit-0": "không", "digit-1": "một", "digit-2": "hai", "digit-3": "ba", "digit-4": "bốn",
	"digit-5": "năm", "digit-6": "sáu", "digit-7": "bảy", "digit-8": "tám", "digit-9": "chín",
	"muoi": "mười", "muoi-tens": "mươi", "mot-tens": "mốt", "tu-tens": "tư", "lam-tens": "lăm",
	"tram": "trăm", "linh": "linh", "nghin": "nghìn",
	"intro": "Xin mời số thứ tự", "to-counter": "đến quầy số", "pause": ",",
	"letter-a": "a", "letter-b": "bê", "letter-c": "xê", "letter-d": "đê",
}

func viSay(names []string) string {
	words := make([]string, len(names))
	for i, n := range names {
		w, ok := viWords[n]
		if !ok {
			w = "<" + n + ">"
		}
		words[i] = w
	}
	return strings.ReplaceAll(strings.Join(words, " "), " ,", ",")
}

func TestVietnameseNumber(t *testing.T) {
	tests := []struct {
		n    int
		want string
	}{
		{0, "không"},
		{1, "một"},
		{4, "bốn"},
		{5, "năm"},
		{9, "chín"},
		{10, "mười"},
		{11, "mười một"},
		{12, "mười hai"},
		{14, "mười bốn"},
		{15, "mười lăm"},
		{19, "mười chín"},
		{20, "hai mươi"},
		{21, "hai mươi mốt"},
		{22, "hai mươi hai"},
		{24, "hai mươi tư"},
		{25, "hai mươi lăm"},
		{30, "ba mươi"},
		{31, "ba mươi mốt"},
		{44, "bốn mươi tư"},
		{45, "bốn mươi lăm"},
		{55, "năm mươi lăm"},
		{70, "bảy mươi"},
		{99, "chín mươi chín"},
		{100, "một trăm"},
		{101, "một trăm linh một"},
		{104, "một trăm linh bốn"},
		{105, "một trăm linh năm"},
		{110, "một trăm mười"},
		{111, "một trăm mười một"},
		{115, "một trăm mười lăm"},
		{121, "một trăm hai mươi mốt"},
		{124, "một trăm hai mươi tư"},
		{200, "hai trăm"},
		{305, "ba trăm linh năm"},
		{999, "chín trăm chín mươi chín"},
		{1000, "một nghìn"},
		{1005, "một nghìn không trăm linh năm"},
		{1010, "một nghìn không trăm mười"},
		{1100, "một nghìn một trăm"},
		{2024, "hai nghìn không trăm hai mươi tư"},
		{9999, "chín nghìn chín trăm chín mươi chín"},
		{10000, "một không không không không"}, // out of range: digit by digit
		{-3, "ba"},                             // the sign has no clip
	}
	for _, tt := range tests {
		if got, want := viSay(VietnameseNumber(tt.n)), tt.want; got != want {
			t.Errorf("VietnameseNumber(%d) = %q, want %q", tt.n, got, want)
		}
	}
}

func TestEnglishNumber(t *testing.T) {
	tests := []struct {
		n    int
		want []string
	}{
		{0, []string{"digit-0"}},
		{3, []string{"digit-3"}},
		{10, []string{"num-10"}},
		{15, []string{"num-15"}},
		{20, []string{"num-20"}},
		{21, []string{"num-20", "digit-1"}},
		{100, []string{"digit-1", "hundred"}},
		{105, []string{"digit-1", "hundred", "digit-5"}},
		{119, []string{"digit-1", "hundred", "num-19"}},
		{1024, []string{"digit-1", "thousand", "num-20", "digit-4"}},
	}
	for _, tt := range tests {
		if got := englishNumber(tt.n); !slices.Equal(got, tt.want) {
			t.Errorf("englishNumber(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}

func TestPhrase(t *testing.T) {
	tests := []struct {
		name string
		call devices.Call
		lang string
		want string
	}{
		{"usual", devices.Call{Number: "A012", Counter: 3}, "vi", "Xin mời số thứ tự a không một hai, đến quầy số ba"},
		{"lower case and dash", devices.Call{Number: "b-105", Counter: 15}, "vi", "Xin mời số thứ tự bê một không năm, đến quầy số mười lăm"},
		{"Đ reads as D", devices.Call{Number: "Đ7", Counter: 21}, "vi-VN", "Xin mời số thứ tự đê bảy, đến quầy số hai mươi mốt"},
		{"recall is the same sentence", devices.Call{Number: "C001", Counter: 24, Recall: true}, "", "Xin mời số thứ tự xê không không một, đến quầy số hai mươi tư"},
		{"no counter", devices.Call{Number: "A1"}, "vi", "Xin mời số thứ tự a một"},
		{"counter 105", devices.Call{Number: "A1", Counter: 105}, "vi", "Xin mời số thứ tự a một, đến quầy số một trăm linh năm"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, want := viSay(Phrase(tt.call, tt.lang)), tt.want; got != want {
				t.Errorf("Phrase(%+v, %q) = %q, want %q", tt.call, tt.lang, got, want)
			}
		})
	}
}

func TestPhrase_English(t *testing.T) {
	got := Phrase(devices.Call{Number: "A012", Counter: 3}, "en")
	want := []string{"intro", "letter-a", "digit-0", "digit-1", "digit-2", "pause", "to-counter", "digit-3"}
	if !slices.Equal(got, want) {
		t.Errorf("Phrase(A012, 3, en) = %q, want %q", got, want)
	}
}
