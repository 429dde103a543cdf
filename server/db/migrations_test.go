package db

import (
	"fmt"
	"io/fs"
	"path"
	"sort"
	"testing"
)

// TestMigrations_Numbered: migrate applies files by their place in the
// sorted list and records that place as the version, so a file numbered
// 0010 after 0008 runs as version 9, and a 0009 added later would be
// skipped on every database that has it. The files of each dialect are
// numbered 1..N without a gap, and both dialects have the same names.
func TestMigrations_Numbered(t *testing.T) {
	var lists [][]string
	for _, dialect := range []string{"sqlite", "postgres"} {
		names, err := fs.Glob(migrations, "migrations/"+dialect+"/*.sql")
		if err != nil {
			t.Fatal(err)
		}
		sort.Strings(names)
		var bases []string
		for i, n := range names {
			base := path.Base(n)
			if want := fmt.Sprintf("%04d_", i+1); base[:5] != want {
				t.Errorf("%s: file %d is %s, want it to start %s", dialect, i+1, base, want)
			}
			bases = append(bases, base)
		}
		lists = append(lists, bases)
	}
	if fmt.Sprint(lists[0]) != fmt.Sprint(lists[1]) {
		t.Errorf("the dialects' migrations differ:\nsqlite   %v\npostgres %v", lists[0], lists[1])
	}
}
