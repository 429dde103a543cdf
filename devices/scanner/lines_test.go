package scanner

import (
	"slices"
	"strings"
	"testing"
)

func TestLines_Write(t *testing.T) {
	long := strings.Repeat("x", 50)
	tests := []struct {
		name    string
		suffix  string
		max     int
		chunks  []string
		want    []string
		dropped []int
	}{
		{name: "CR", chunks: []string{"A1\r"}, want: []string{"A1"}},
		{name: "LF", chunks: []string{"A1\n"}, want: []string{"A1"}},
		{name: "CR LF is one end", chunks: []string{"A1\r\nB2\r\n"}, want: []string{"A1", "B2"}},
		{name: "LF CR and blank lines", chunks: []string{"\n\nA1\n\r\r"}, want: []string{"A1"}},
		{name: "split over reads", chunks: []string{"000.00.13.", "H12-2403", "15-0001", "\r", "\n"}, want: []string{"000.00.13.H12-240315-0001"}},
		{name: "CR and LF in separate reads", chunks: []string{"A1\r", "\nB2\r", "\n"}, want: []string{"A1", "B2"}},
		{name: "no end yet", chunks: []string{"A1\rB2"}, want: []string{"A1"}},
		{name: "suffix TAB", suffix: "\t", chunks: []string{"A1\tB2\t"}, want: []string{"A1", "B2"}},
		{name: "suffix over two reads", suffix: "<END>", chunks: []string{"A1<EN", "D>B2\r"}, want: []string{"A1", "B2"}},
		{name: "suffix and CR", suffix: "\x03", chunks: []string{"A1\x03\r\n"}, want: []string{"A1"}},
		{name: "over-long in one read", max: 10, chunks: []string{long + "\rOK1\r"}, want: []string{"OK1"}, dropped: []int{50}},
		{name: "over-long over reads", max: 10, chunks: []string{long[:8], long[8:20], long[20:], "\r", "OK1\n"}, want: []string{"OK1"}, dropped: []int{50}},
		{name: "exactly max", max: 10, chunks: []string{"0123456789\r"}, want: []string{"0123456789"}},
		{name: "UTF-8 kept", chunks: []string{"Mã\xc3", "\xa1\r"}, want: []string{"Mãá"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var dropped []int
			l := &Lines{Suffix: tt.suffix, MaxLen: tt.max, OnDrop: func(n int) { dropped = append(dropped, n) }}
			var got []string
			for _, c := range tt.chunks {
				l.Write([]byte(c), func(code string) { got = append(got, code) })
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("codes %q, want %q", got, tt.want)
			}
			if !slices.Equal(dropped, tt.dropped) {
				t.Errorf("dropped %v, want %v", dropped, tt.dropped)
			}
		})
	}
}

// TestLines_Reset: a code cut off by a lost port is not glued to the
// first code after the port is back.
func TestLines_Reset(t *testing.T) {
	var got []string
	l := &Lines{}
	l.Write([]byte("HALF-OF-A-CO"), func(c string) { got = append(got, c) })
	l.Reset()
	l.Write([]byte("B2\r"), func(c string) { got = append(got, c) })
	if want := []string{"B2"}; !slices.Equal(got, want) {
		t.Errorf("codes %q, want %q", got, want)
	}
}

// TestLines_memoryBounded: a scanner that streams without ever ending a
// line keeps no more than MaxLen bytes.
func TestLines_memoryBounded(t *testing.T) {
	l := &Lines{MaxLen: 100}
	chunk := []byte(strings.Repeat("z", 64))
	for range 1000 {
		l.Write(chunk, func(string) { t.Fatal("a code from a line with no end") })
		if len(l.buf) > 100 {
			t.Fatalf("holds %d bytes, max 100", len(l.buf))
		}
	}
}
