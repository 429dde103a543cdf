package procedures

import (
	"math"
	"slices"
	"strings"
)

// Where a word is found weighs how much it says about the procedure: a
// word of the name says most, one of a document's name least.
const (
	weightName     = 3.0
	weightKeyword  = 2.5
	weightField    = 1.0
	weightDocument = 0.6

	matchExact  = 1.0
	matchPrefix = 0.7 // the word begins with the query's word (typing not finished)
	matchFuzzy  = 0.5 // one letter wrong, missing, extra or swapped
	matchShort  = 0.3 // a two-letter beginning of the last word: weak, and not counted as covering

	bonusPhrase   = 1.0 // two query words side by side in the name
	bonusCoverage = 2.0 // times the share of the name the query covers

	relativeFloor = 0.25 // hits scoring under this share of the best are dropped
)

// searchIndex is the words of every procedure, folded, with where they are.
type searchIndex struct {
	vocab []string       // word id → word
	idf   []float64      // word id → inverse document frequency
	procs []indexedProc  // in the catalogue's order
	all   []Procedure    // the procedures themselves
	ids   map[string]int // word → id
}

type indexedProc struct {
	terms  map[int32]float64 // word id → the weight of the best place it is in
	name   []int32           // the name's words in order
	kws    [][]int32         // each keyword's words in order
	unique int               // distinct words of the name
}

func newSearchIndex(procs []Procedure) searchIndex {
	s := searchIndex{ids: map[string]int{}, all: procs}
	id := func(w string) int32 {
		if i, ok := s.ids[w]; ok {
			return int32(i)
		}
		s.ids[w] = len(s.vocab)
		s.vocab = append(s.vocab, w)
		return int32(len(s.vocab) - 1)
	}
	var df []int
	for _, p := range procs {
		ip := indexedProc{terms: map[int32]float64{}}
		put := func(text string, weight float64) []int32 {
			var seq []int32
			for _, w := range words(Fold(text)) {
				i := id(w)
				seq = append(seq, i)
				if ip.terms[i] < weight {
					ip.terms[i] = weight
				}
			}
			return seq
		}
		ip.name = put(p.Name, weightName)
		for _, k := range p.Keywords {
			ip.kws = append(ip.kws, put(k, weightKeyword))
		}
		put(p.FieldName, weightField)
		for _, dc := range p.Dossier {
			for _, d := range dc.Documents {
				put(d.Name, weightDocument)
				put(d.Form, weightDocument)
			}
		}
		u := map[int32]bool{}
		for _, w := range ip.name {
			u[w] = true
		}
		ip.unique = len(u)
		for len(df) < len(s.vocab) {
			df = append(df, 0)
		}
		for w := range ip.terms {
			df[w]++
		}
		s.procs = append(s.procs, ip)
	}
	s.idf = make([]float64, len(s.vocab))
	n := float64(len(procs))
	for i := range s.idf {
		s.idf[i] = math.Log(1 + n/float64(df[i]))
	}
	return s
}

// A query is what fits on the kiosk's search line; a longer one (pasted
// into the command) is cut, so that no query costs more than a short one.
const (
	maxQueryBytes = 256
	maxQueryWords = 12
)

// queryWords folds a query into the words to look for, each with its
// variants: the word as typed and with Telex leftovers removed; a known
// abbreviation becomes its words.
func queryWords(q string) [][]string {
	if len(q) > maxQueryBytes {
		q = q[:maxQueryBytes] // a cut rune folds to a space
	}
	ws := words(Fold(q))
	if len(ws) > maxQueryWords {
		ws = ws[:maxQueryWords]
	}
	var kept []string
	for i := 0; i < len(ws); i++ {
		if i+1 < len(ws) && slices.Contains(stopPairs, [2]string{ws[i], ws[i+1]}) {
			i++
			continue
		}
		if !stopWords[ws[i]] {
			kept = append(kept, ws[i])
		}
	}
	var out [][]string
	for _, w := range kept {
		if long, ok := abbreviations[w]; ok {
			for _, lw := range strings.Fields(long) {
				out = append(out, []string{lw})
			}
			continue
		}
		vs := []string{w}
		if u := Untelex(w); u != w {
			vs = append(vs, u)
		}
		out = append(out, vs)
	}
	return out
}

// match is how well a query word (any of its variants) matches a word of
// the catalogue: 1 for the same word, less for a prefix or a typo, 0 for
// none. last allows a two-letter prefix: the citizen may still be typing.
func match(variants []string, word string, last bool) float64 {
	best := 0.0
	for _, v := range variants {
		switch {
		case v == word:
			return matchExact
		case strings.HasPrefix(word, v) && len(v) >= 3:
			best = max(best, matchPrefix)
		case strings.HasPrefix(word, v) && last && len(v) == 2:
			best = max(best, matchShort)
		case len(v) >= 4 && len(word) >= 4 && oneEdit(v, word):
			best = max(best, matchFuzzy)
		}
	}
	return best
}

// oneEdit reports whether a and b differ by one substitution, insertion,
// deletion or swap of neighbours.
func oneEdit(a, b string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	if len(b)-len(a) > 1 {
		return false
	}
	i := 0
	for i < len(a) && a[i] == b[i] {
		i++
	}
	if i == len(a) {
		return true // equal, or b has one more at the end
	}
	if len(a) == len(b) {
		if a[i+1:] == b[i+1:] {
			return true
		}
		return i+1 < len(a) && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:]
	}
	return a[i:] == b[i+1:]
}

// Search finds the procedures for a query typed as citizens type it:
// without tone marks or with them, with Telex leftovers ("ddawng kys"),
// abbreviations ("cmnd", "gks"), a word missing, extra or misspelt, in any
// order. Every query word scores the best place it is found in a
// procedure (name, keyword, field, document), weighted by how rare the
// word is; words side by side as in the name, and a query that covers
// most of a short name, score more. Equal scores keep the more common
// procedure first. Only procedures that match some word are returned.
func (x *Index) Search(query string, n int) []Hit {
	if n <= 0 {
		n = 10
	}
	s := &x.s
	qs := queryWords(query)
	if len(qs) == 0 {
		return nil
	}
	// kinds[t][w]: how well query word t matches vocabulary word w.
	kinds := make([][]float64, len(qs))
	for t, vs := range qs {
		k := make([]float64, len(s.vocab))
		for w, word := range s.vocab {
			k[w] = match(vs, word, t == len(qs)-1)
		}
		kinds[t] = k
	}
	// A query word that is itself a catalogue word weighs what that word
	// weighs wherever it matches: "tu" stays a common word even where it
	// is the beginning of a rare one, and a typo is not worth more than
	// the word meant.
	qidf := make([]float64, len(qs))
	for t, vs := range qs {
		for _, v := range vs {
			if w, ok := s.ids[v]; ok {
				qidf[t] = max(qidf[t], s.idf[w])
			}
		}
	}
	var hits []Hit
	for i, ip := range s.procs {
		score := 0.0
		for t := range qs {
			best := 0.0
			for w, weight := range ip.terms {
				if m := kinds[t][w]; m > 0 {
					idf := s.idf[w]
					if qidf[t] > 0 {
						idf = qidf[t]
					}
					best = max(best, m*weight*idf)
				}
			}
			score += best
		}
		if score == 0 {
			continue
		}
		score += bonusPhrase*phrases(ip.name, kinds) + bonusCoverage*coverage(ip, kinds)
		hits = append(hits, Hit{Procedure: s.all[i], Score: math.Round(score*1000) / 1000})
	}
	slices.SortStableFunc(hits, func(a, b Hit) int {
		switch {
		case a.Score > b.Score:
			return -1
		case a.Score < b.Score:
			return 1
		}
		return b.Procedure.Popularity - a.Procedure.Popularity
	})
	// Far below the best is noise: a word of a document, a typo of a
	// common word.
	if len(hits) > 0 {
		floor := hits[0].Score * relativeFloor
		for i, h := range hits {
			if h.Score < floor {
				hits = hits[:i]
				break
			}
		}
	}
	if len(hits) > n {
		hits = hits[:n]
	}
	return hits
}

// phrases counts the pairs of consecutive query words found side by side,
// in that order, in seq.
func phrases(seq []int32, kinds [][]float64) float64 {
	c := 0.0
	for t := 0; t+1 < len(kinds); t++ {
		for j := 0; j+1 < len(seq); j++ {
			if kinds[t][seq[j]] > 0 && kinds[t+1][seq[j+1]] > 0 {
				c++
				break
			}
		}
	}
	return c
}

// coverage is the share of the name's words (or of a keyword's, if more)
// that the query says: a query that says nearly all of a short name beats
// one that says a little of a long one. Each query word counts once, so a
// word that also resembles a second one ("khai", "khau") covers one.
func coverage(ip indexedProc, kinds [][]float64) float64 {
	share := func(seq []int32) float64 {
		if len(seq) == 0 {
			return 0
		}
		said := 0
		for t := range kinds {
			for _, w := range seq {
				if kinds[t][w] > matchShort {
					said++
					break
				}
			}
		}
		return min(1, float64(said)/float64(len(seq)))
	}
	best := share(ip.name)
	for _, k := range ip.kws {
		best = max(best, share(k))
	}
	return best
}
