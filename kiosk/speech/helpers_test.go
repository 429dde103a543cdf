package speech

import (
	"os"
	"strings"
	"testing"
)

// clipTexts reads the Vietnamese clip texts from assets/voice/clips.tsv.
func clipTexts(t *testing.T) map[string]string {
	t.Helper()
	b, err := os.ReadFile("../../assets/voice/clips.tsv")
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]string{}
	for _, l := range strings.Split(string(b), "\n") {
		f := strings.Split(l, "\t")
		if len(f) == 3 && f[0] == "vi" {
			m[f[1]] = f[2]
		}
	}
	return m
}
