package escpos

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/motcua-kiosk/motcua/assets"
)

// Profile describes one printer model: paper width, which ESC t page
// numbers hold which character sets, and what the firmware supports.
type Profile struct {
	Name             string         `json:"name"`
	Model            string         `json:"model"`
	PaperMM          int            `json:"paper_mm"`
	DotsPerLine      int            `json:"dots_per_line"` // 576 on 80 mm, 384 on 58 mm
	CodePages        map[int]string `json:"code_pages"`    // ESC t n -> charset name ("tcvn3", "viscii", "cp437", ...)
	NativeQR         bool           `json:"native_qr"`
	UserDefinedChars bool           `json:"user_defined_chars"`
	Cutter           bool           `json:"cutter"`
	Strategy         Strategy       `json:"strategy"` // default strategy for this model
}

// ErrUnknownProfile is returned by LookupProfile for a name not in the profiles file.
var ErrUnknownProfile = errors.New("unknown printer profile")

// ErrUnknownCharset is returned by LookupCharset for a name it does not know.
var ErrUnknownCharset = errors.New("unknown charset")

// profilesFile is the data file inside assets.
const profilesFile = "printers/profiles.json"

var loadProfiles = sync.OnceValues(func() (map[string]Profile, error) {
	b, err := assets.ReadFile(profilesFile)
	if err != nil {
		return nil, fmt.Errorf("read printer profiles: %w", err)
	}
	return parseProfiles(b)
})

// parseProfiles reads and checks a profiles file.
func parseProfiles(b []byte) (map[string]Profile, error) {
	var f struct {
		Profiles []Profile `json:"profiles"`
	}
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, fmt.Errorf("parse printer profiles: %w", err)
	}
	m := make(map[string]Profile, len(f.Profiles))
	for _, p := range f.Profiles {
		if err := p.Validate(); err != nil {
			return nil, fmt.Errorf("parse printer profiles: %w", err)
		}
		if _, dup := m[p.Name]; dup {
			return nil, fmt.Errorf("parse printer profiles: profile %q twice", p.Name)
		}
		m[p.Name] = p
	}
	return m, nil
}

// Validate checks that a profile can drive the encoder: a known width,
// known charsets on pages 0..255 and a known strategy.
func (p Profile) Validate() error {
	if p.Name == "" {
		return errors.New("profile without a name")
	}
	if p.DotsPerLine < 64 || p.DotsPerLine > 2048 || p.DotsPerLine%8 != 0 {
		return fmt.Errorf("profile %q: dots_per_line %d is not a multiple of 8 in 64..2048", p.Name, p.DotsPerLine)
	}
	for n, cs := range p.CodePages {
		if n < 0 || n > 255 {
			return fmt.Errorf("profile %q: code page %d out of range", p.Name, n)
		}
		if _, err := LookupCharset(cs); err != nil {
			return fmt.Errorf("profile %q: %w", p.Name, err)
		}
	}
	switch p.Strategy {
	case StrategyCodePage, StrategyRaster, StrategyHybrid, StrategyUserChars, "":
	default:
		return fmt.Errorf("profile %q: unknown strategy %q", p.Name, p.Strategy)
	}
	if err := p.CheckStrategy(p.DefaultStrategy()); err != nil {
		return fmt.Errorf("profile %q: default %w", p.Name, err)
	}
	return nil
}

// ErrUnsupported is matched (errors.Is) by every *UnsupportedError: the
// profile says the printer lacks what was asked of it.
var ErrUnsupported = errors.New("not supported by the printer profile")

// The printer features a profile declares, by their names in the
// profiles file.
const (
	FeatureUserDefinedChars = "user_defined_chars" // ESC & / ESC %
	FeatureNativeQR         = "native_qr"          // GS ( k
	FeatureCutter           = "cutter"             // GS V
)

// UnsupportedError is a strategy refused because the profile says the
// printer lacks a feature the strategy needs. The encoder refuses rather
// than send a command the printer would print as garbage.
type UnsupportedError struct {
	Profile  string   // profile name, "generic-80mm"
	Strategy Strategy // the strategy asked for
	Feature  string   // FeatureUserDefinedChars, ...
}

func (e *UnsupportedError) Error() string {
	return fmt.Sprintf("strategy %s needs %s, which profile %q does not have", e.Strategy, e.Feature, e.Profile)
}

// Is makes errors.Is(err, ErrUnsupported) match.
func (e *UnsupportedError) Is(target error) bool { return target == ErrUnsupported }

// CheckStrategy reports whether the profile's printer can run s: nil, or
// an *UnsupportedError naming the missing feature. Only userchars needs
// a feature of its own; the others fall back line by line to raster
// images, which every ESC/POS printer prints (GS v 0), and send QR codes
// and cuts only as the profile allows.
func (p Profile) CheckStrategy(s Strategy) error {
	if s == StrategyUserChars && !p.UserDefinedChars {
		return &UnsupportedError{Profile: p.Name, Strategy: s, Feature: FeatureUserDefinedChars}
	}
	return nil
}

// ResolveStrategy is the strategy to print with on this profile: s, or
// the profile's default when s is empty. It fails with ErrUnknownStrategy
// for a name it does not know and with an *UnsupportedError when the
// printer lacks what s needs. Printers and the encoder both choose their
// strategy through it.
func (p Profile) ResolveStrategy(s Strategy) (Strategy, error) {
	if s == "" {
		s = p.DefaultStrategy()
	}
	switch s {
	case StrategyCodePage, StrategyRaster, StrategyHybrid, StrategyUserChars:
	default:
		return "", fmt.Errorf("%w %q", ErrUnknownStrategy, s)
	}
	if err := p.CheckStrategy(s); err != nil {
		return "", err
	}
	return s, nil
}

// LookupProfile returns the named profile from assets ("generic-80mm",
// "generic-58mm", model names such as "epson-tm-t82"). Names are
// case-insensitive.
func LookupProfile(name string) (Profile, error) {
	m, err := loadProfiles()
	if err != nil {
		return Profile{}, err
	}
	p, ok := m[strings.ToLower(strings.TrimSpace(name))]
	if !ok {
		return Profile{}, fmt.Errorf("lookup profile %q: %w", name, ErrUnknownProfile)
	}
	p.CodePages = clonePages(p.CodePages) // callers may edit their copy
	return p, nil
}

// ProfileNames lists the profiles in the assets file, sorted.
func ProfileNames() []string {
	m, err := loadProfiles()
	if err != nil {
		return nil
	}
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func clonePages(m map[int]string) map[int]string {
	c := make(map[int]string, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

// pageCharset is one ESC t page of a profile with its table.
type pageCharset struct {
	page int
	cs   Charset
}

// pages returns the profile's pages in ascending page order, so the
// encoder's choice of page is deterministic.
func (p Profile) pages() []pageCharset {
	out := make([]pageCharset, 0, len(p.CodePages))
	for n, name := range p.CodePages {
		cs, err := LookupCharset(name)
		if err != nil {
			continue // Validate reports it; the encoder just lacks the page
		}
		out = append(out, pageCharset{n, cs})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].page < out[j].page })
	return out
}

// DefaultStrategy is the profile's strategy, or hybrid when it names none.
func (p Profile) DefaultStrategy() Strategy {
	if p.Strategy == "" {
		return StrategyHybrid
	}
	return p.Strategy
}
