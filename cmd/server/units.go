package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/motcua-kiosk/motcua/server/db"
)

// unitCmd runs "server unit add|set|list": the office hierarchy.
func unitCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || (args[0] != "add" && args[0] != "set" && args[0] != "list") {
		return errors.New("usage: server unit add --name NAME --kind province|commune|point --code CODE [--parent ID] | " +
			"server unit set --office-id ID --kind ... --code ... [--parent ID] | server unit list")
	}
	sub := args[0]
	fs := newFlagSet("unit "+sub, stderr)
	var (
		dsn    = fs.String("db", defaultDB, "database: sqlite:PATH or postgres://...")
		name   = fs.String("name", "", "add: the new node's name (Tên đơn vị)")
		id     = fs.String("office-id", "", "set: the existing office to place")
		kind   = fs.String("kind", "", "province, commune (xã/phường centre) or point (điểm tiếp nhận)")
		code   = fs.String("code", "", "administrative unit code: province 2 digits, commune 5 digits; a point's own code")
		parent = fs.String("parent", "", "the parent node's id (a commune's province, a point's commune)")
	)
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	d, err := db.Open(ctx, *dsn)
	if err != nil {
		return err
	}
	defer d.Close()
	switch sub {
	case "list":
		t, err := d.Units(ctx)
		if err != nil {
			return err
		}
		var walk func(id string, depth int)
		walk = func(id string, depth int) {
			for _, u := range t.Children(id) {
				fmt.Fprintf(stdout, "%s%s\t%s\t%s\t%s\n", strings.Repeat("  ", depth), u.ID, u.Kind, u.Code, u.Name)
				walk(u.ID, depth+1)
			}
		}
		walk("", 0)
		return nil
	case "add":
		if strings.TrimSpace(*name) == "" {
			return errors.New("unit add: --name is required")
		}
		if err := d.CheckUnit(ctx, *parent, db.Kind(*kind), *code); err != nil {
			return err
		}
		o, err := d.CreateOffice(ctx, *name)
		if err != nil {
			return err
		}
		*id = o.ID
	}
	if *id == "" {
		return errors.New("unit set: --office-id is required")
	}
	if err := d.SetUnit(ctx, *id, *parent, db.Kind(*kind), *code); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "office: %s\nkind: %s\ncode: %s\nparent: %s\n", *id, *kind, *code, *parent)
	return nil
}
