package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/motcua-kiosk/motcua/server/db"
)

// TestRun_Unit builds a province → commune → point tree from the command
// line and refuses what breaks the hierarchy's rules.
func TestRun_Unit(t *testing.T) {
	ctx := context.Background()
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "s.db")
	idRE := regexp.MustCompile(`office: (\S+)`)
	add := func(args ...string) (string, error) {
		var out bytes.Buffer
		err := Run(ctx, append([]string{"unit", "add", "--db", dsn}, args...), &out, io.Discard)
		if m := idRE.FindStringSubmatch(out.String()); m != nil {
			return m[1], err
		}
		return "", err
	}
	prov, err := add("--name", "Tỉnh An Giang", "--kind", "province", "--code", "89")
	if err != nil {
		t.Fatal(err)
	}
	commune, err := add("--name", "Trung tâm Phục vụ hành chính công xã Tân Châu", "--kind", "commune", "--code", "30316", "--parent", prov)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := add("--name", "Điểm tiếp nhận Ấp 1", "--kind", "point", "--code", "30316-1", "--parent", commune); err != nil {
		t.Fatal(err)
	}
	for _, bad := range [][]string{
		{"--name", "x", "--kind", "commune", "--code", "123", "--parent", prov},    // a commune code has 5 digits
		{"--name", "x", "--kind", "point", "--code", "p1", "--parent", prov},       // a point's parent is a commune
		{"--name", "x", "--kind", "province", "--code", "01", "--parent", commune}, // a province is a root
		{"--name", "x", "--kind", "ward", "--code", "12345"},
	} {
		if _, err := add(bad...); !errors.Is(err, db.ErrBadUnit) {
			t.Errorf("unit add %v = %v, want ErrBadUnit", bad, err)
		}
	}
	var out bytes.Buffer
	if err := Run(ctx, []string{"unit", "list", "--db", dsn}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), "\tx\n") {
		t.Errorf("a refused unit add left an office behind:\n%s", out.String())
	}
	out.Reset()
	if err := Run(ctx, []string{"unit", "list", "--db", dsn}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	want := []string{"\tprovince\t89\tTỉnh An Giang", "  " + commune + "\tcommune\t30316\t", "    "}
	if len(lines) < 3 || !strings.HasSuffix(lines[0], want[0]) || !strings.HasPrefix(lines[1], want[1]) || !strings.HasPrefix(lines[2], want[2]) {
		t.Errorf("unit list:\n%s", out.String())
	}
}
