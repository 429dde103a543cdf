package hub

import (
	"bufio"
	"os"
	"sort"
	"strings"
	"testing"
)

// specRoutes reads "METHOD /path" pairs and their security override from
// the OpenAPI file: paths are the two-space-indented keys under "paths:",
// operations the four-space-indented HTTP methods beneath them.
func specRoutes(t *testing.T, file string) (routes map[string]bool, public map[string]bool) {
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	routes, public = map[string]bool{}, map[string]bool{}
	inPaths, path, op := false, "", ""
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "paths:":
			inPaths = true
		case inPaths && line != "" && !strings.HasPrefix(line, " "):
			inPaths = false
		case inPaths && strings.HasPrefix(line, "  /") && strings.HasSuffix(line, ":"):
			path = strings.TrimSuffix(strings.TrimSpace(line), ":")
		case inPaths && strings.HasPrefix(line, "    ") && !strings.HasPrefix(line, "     ") && strings.HasSuffix(line, ":"):
			m := strings.TrimSuffix(strings.TrimSpace(line), ":")
			switch m {
			case "get", "post", "put", "delete", "patch":
				op = strings.ToUpper(m) + " " + path
				routes[op] = true
			}
		case inPaths && strings.TrimSpace(line) == "security: []":
			public[op] = true
		}
	}
	return routes, public
}

func TestOpenAPI_MatchesServedRoutes(t *testing.T) {
	spec, public := specRoutes(t, "../../docs/openapi-hub.yaml")
	served := map[string]bool{}
	for _, r := range Routes() {
		served[r] = true
		if !spec[r] {
			t.Errorf("served route %s is missing from docs/openapi-hub.yaml", r)
		}
	}
	var extra []string
	for r := range spec {
		if !served[r] {
			extra = append(extra, r)
		}
	}
	sort.Strings(extra)
	for _, r := range extra {
		t.Errorf("docs/openapi-hub.yaml documents %s, which the hub does not serve", r)
	}
	// Routes without a token must be exactly the ones the spec marks public.
	s := &server{}
	for _, rt := range s.routes() {
		key := rt.method + " " + rt.path
		if got, want := public[key], len(rt.roles) == 0; got != want {
			t.Errorf("%s: spec says public=%v, handler says public=%v", key, got, want)
		}
	}
	if len(spec) < 20 {
		t.Fatalf("parsed only %d routes from the spec: the parser is broken", len(spec))
	}
}
