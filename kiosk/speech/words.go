package speech

import "strings"

// Words writes u out as a listener hears it, from the text each clip says
// (texts: clip name -> words, as in scripts/voice/clips.tsv): phrases end
// in ". ", a pause is ", ". For tests, logs and captions.
func Words(u Utterance, texts map[string]string) string {
	var b strings.Builder
	for i, p := range u.Phrases {
		if i > 0 {
			b.WriteString(". ")
		}
		for j, part := range p {
			switch {
			case part == Pause:
				b.WriteString(",")
				continue
			case j > 0:
				b.WriteString(" ")
			}
			if part.Clip != "" {
				b.WriteString(texts[part.Clip])
			} else {
				b.WriteString(part.Text)
			}
		}
	}
	return b.String()
}
