package admin

import (
	"fmt"
	"maps"

	"github.com/motcua-kiosk/motcua/kiosk/procedures"
)

// procedures is the page that says, for each field of the procedure
// catalogue (lĩnh vực thủ tục), which queue service "Lấy số cho thủ tục
// này" issues its ticket in: one choice per field, "Tự động" leaving it
// to the catalogue's mapping and then to the service of the same name.
// It edits a clone of the office's configuration, saved whole like every
// other page (Config.ProcedureServices).
func (m *Menu) procedures() {
	tr := m.tr
	cfg := m.o.Hub.Config()
	cfg.ProcedureServices = maps.Clone(cfg.ProcedureServices)
	choices := []choice{{"", tr.L("admin.procedures.auto")}}
	for _, s := range cfg.Services {
		label := fmt.Sprintf("%s — %s", s.Code, tr.Pick(s.Name, s.NameEN))
		if s.Disabled {
			label += " " + tr.L("admin.procedures.disabled")
		}
		choices = append(choices, choice{s.Code, label})
	}
	var fields []*field
	for _, f := range m.o.ProcedureFields() {
		id := f.ID
		fields = append(fields, &field{
			key: "procedure_services." + id, label: tr.Pick(f.Name, f.NameEN), kind: kindChoice, choices: choices,
			get: func() string { return cfg.ProcedureServices[id] },
			set: func(v string) error {
				if v == "" {
					delete(cfg.ProcedureServices, id)
					return nil
				}
				if cfg.ProcedureServices == nil {
					cfg.ProcedureServices = map[string]string{}
				}
				cfg.ProcedureServices[id] = v
				return nil
			},
		})
	}
	m.newForm(tr.L("admin.section.procedures"), fields, m.saveConfig(&cfg)).show()
	m.stage = StageForm
}

// ProcedureFields lists the catalogue's fields for the procedures page.
type ProcedureFields func() []procedures.Field
