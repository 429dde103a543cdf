package store

import (
	"fmt"
	"io/fs"
	"path"
	"sort"
	"testing"
)

// TestMigrations_Numbered: the store applies migration files by their
// place in the sorted list and records that place as the version, so the
// files are numbered 1..N without a gap (a gap would make a later file
// with the missing number be skipped on databases that already ran the
// one after it).
func TestMigrations_Numbered(t *testing.T) {
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(names)
	if len(names) == 0 {
		t.Fatal("no migrations embedded")
	}
	for i, n := range names {
		if base, want := path.Base(n), fmt.Sprintf("%04d_", i+1); base[:5] != want {
			t.Errorf("file %d is %s, want it to start %s", i+1, base, want)
		}
	}
}
