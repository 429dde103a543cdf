package db

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// Kind is a node's level in the office hierarchy.
type Kind string

// The levels: a province, a commune or ward's one-stop centre (Trung tâm
// Phục vụ hành chính công cấp xã), and a reception point it opens (điểm
// tiếp nhận).
const (
	KindProvince Kind = "province"
	KindCommune  Kind = "commune"
	KindPoint    Kind = "point"
)

// ErrBadUnit is returned for a hierarchy change that breaks its rules
// (wrong parent level, malformed code, a cycle).
var ErrBadUnit = errors.New("bad office hierarchy")

// Unit is an office's place in the hierarchy.
type Unit struct {
	ID, Name string
	Parent   string // "" for a root
	Kind     Kind
	Code     string // the administrative unit code (province 2 digits, commune 5)
}

var (
	provinceCode = regexp.MustCompile(`^[0-9]{2}$`)
	communeCode  = regexp.MustCompile(`^[0-9]{5}$`)
	pointCode    = regexp.MustCompile(`^[0-9A-Za-z][0-9A-Za-z._-]{0,31}$`)
)

// Tree is the office hierarchy as read at one moment.
type Tree struct {
	byID     map[string]Unit
	children map[string][]string // sorted by name
	roots    []string
}

// Units reads the hierarchy.
func (d *DB) Units(ctx context.Context) (*Tree, error) {
	rows, err := d.sql.QueryContext(ctx, "SELECT id, name, parent_id, kind, code FROM offices ORDER BY name, id")
	if err != nil {
		return nil, fmt.Errorf("units: %w", err)
	}
	defer rows.Close()
	t := &Tree{byID: map[string]Unit{}, children: map[string][]string{}}
	var order []string
	for rows.Next() {
		var u Unit
		if err := rows.Scan(&u.ID, &u.Name, &u.Parent, &u.Kind, &u.Code); err != nil {
			return nil, fmt.Errorf("units: %w", err)
		}
		t.byID[u.ID] = u
		order = append(order, u.ID)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, id := range order {
		p := t.byID[id].Parent
		if _, ok := t.byID[p]; p == "" || !ok {
			t.roots = append(t.roots, id)
			continue
		}
		t.children[p] = append(t.children[p], id)
	}
	return t, nil
}

// Unit returns a node by id.
func (t *Tree) Unit(id string) (Unit, bool) {
	u, ok := t.byID[id]
	return u, ok
}

// Children lists a node's children by name ("" lists the roots).
func (t *Tree) Children(id string) []Unit {
	ids := t.roots
	if id != "" {
		ids = t.children[id]
	}
	out := make([]Unit, len(ids))
	for i, c := range ids {
		out[i] = t.byID[c]
	}
	return out
}

// Subtree lists the ids of a node and every node under it, sorted; nil
// for an unknown id.
func (t *Tree) Subtree(id string) []string {
	if _, ok := t.byID[id]; !ok {
		return nil
	}
	out := []string{id}
	for i := 0; i < len(out); i++ {
		out = append(out, t.children[out[i]]...)
	}
	slices.Sort(out)
	return out
}

// Under reports whether id is root or under it.
func (t *Tree) Under(id, root string) bool {
	for seen := 0; id != "" && seen <= len(t.byID); seen++ {
		if id == root {
			return true
		}
		id = t.byID[id].Parent
	}
	return false
}

// Path lists the nodes from the root down to id (id last).
func (t *Tree) Path(id string) []Unit {
	var out []Unit
	for seen := 0; id != "" && seen <= len(t.byID); seen++ {
		u, ok := t.byID[id]
		if !ok {
			break
		}
		out = append(out, u)
		id = u.Parent
	}
	slices.Reverse(out)
	return out
}

// SetUnit places an office in the hierarchy: a province is a root, a
// commune's parent is a province (or none, a commune on its own), a
// reception point's parent is a commune; the code must have its level's
// form. A node cannot be put under itself.
func (d *DB) SetUnit(ctx context.Context, id string, parent string, kind Kind, code string) error {
	code = strings.TrimSpace(code)
	t, err := d.Units(ctx)
	if err != nil {
		return err
	}
	if _, ok := t.Unit(id); !ok {
		return fmt.Errorf("office %s: %w", id, ErrNotFound)
	}
	if err := checkUnit(t, id, parent, kind, code); err != nil {
		return err
	}
	_, err = d.sql.ExecContext(ctx, d.Rebind("UPDATE offices SET parent_id = ?, kind = ?, code = ? WHERE id = ?"), parent, string(kind), code, id)
	if err != nil {
		return fmt.Errorf("set unit: %w", err)
	}
	return nil
}

// CheckUnit says whether a new node of kind and code may go under parent
// (SetUnit's rules), before the node is made.
func (d *DB) CheckUnit(ctx context.Context, parent string, kind Kind, code string) error {
	t, err := d.Units(ctx)
	if err != nil {
		return err
	}
	return checkUnit(t, "", parent, kind, strings.TrimSpace(code))
}

func checkUnit(t *Tree, id, parent string, kind Kind, code string) error {
	want := map[Kind]Kind{KindCommune: KindProvince, KindPoint: KindCommune}
	form := map[Kind]*regexp.Regexp{KindProvince: provinceCode, KindCommune: communeCode, KindPoint: pointCode}
	switch {
	case form[kind] == nil:
		return fmt.Errorf("%w: kind %q is not province, commune or point", ErrBadUnit, kind)
	case !form[kind].MatchString(code):
		return fmt.Errorf("%w: code %q is not a %s code (province: 2 digits, commune: 5 digits)", ErrBadUnit, code, kind)
	case kind == KindProvince && parent != "":
		return fmt.Errorf("%w: a province has no parent", ErrBadUnit)
	case kind == KindPoint && parent == "":
		return fmt.Errorf("%w: a reception point belongs to a commune centre: give its parent", ErrBadUnit)
	}
	if parent != "" {
		p, ok := t.Unit(parent)
		if !ok {
			return fmt.Errorf("parent %s: %w", parent, ErrNotFound)
		}
		if p.Kind != want[kind] {
			return fmt.Errorf("%w: a %s's parent must be a %s, %s is a %s", ErrBadUnit, kind, want[kind], parent, p.Kind)
		}
		if id != "" && t.Under(parent, id) {
			return fmt.Errorf("%w: %s is under %s", ErrBadUnit, parent, id)
		}
	}
	return nil
}
