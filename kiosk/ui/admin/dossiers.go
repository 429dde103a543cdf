package admin

import (
	"fmt"

	"github.com/motcua-kiosk/motcua/kiosk/settings"
)

// dossiers is the page for "Tra cứu hồ sơ": where the kiosk asks a
// dossier's status (none, the province's OpenCPS, or this project's
// central server), the OpenCPS address and groupId, and the queue
// service a ready result's ticket goes to. The source is opened when the
// program starts, so a change of it says that a restart is needed.
func (m *Menu) dossiers() {
	tr := m.tr
	s := m.o.Settings.Get()
	sources := []choice{
		{"", tr.L("admin.dossier.source.none")},
		{settings.DossierOpenCPS, tr.L("admin.dossier.source.opencps")},
		{settings.DossierCentral, tr.L("admin.dossier.source.central")},
	}
	services := []choice{{"", tr.L("admin.dossier.result.auto", map[string]any{"Name": settings.ResultServiceName})}}
	for _, sv := range m.o.Hub.Config().Services {
		label := fmt.Sprintf("%s — %s", sv.Code, tr.Pick(sv.Name, sv.NameEN))
		if sv.Disabled {
			label += " " + tr.L("admin.procedures.disabled")
		}
		services = append(services, choice{sv.Code, label})
	}
	restart := false
	fm := m.newForm(tr.L("admin.section.dossiers"), []*field{
		{key: "dossier_source", label: tr.L("admin.field.dossier_source"), kind: kindChoice, choices: sources, get: func() string { return s.DossierSource }, set: strField(&s.DossierSource)},
		{key: "opencps_url", label: tr.L("admin.field.opencps_url"), kind: kindPlain, get: func() string { return s.OpenCPSURL }, set: strField(&s.OpenCPSURL)},
		{key: "opencps_group_id", label: tr.L("admin.field.opencps_group"), kind: kindPlain, get: func() string { return s.OpenCPSGroup }, set: strField(&s.OpenCPSGroup)},
		{key: "result_service", label: tr.L("admin.field.result_service"), kind: kindChoice, choices: services, get: func() string { return s.ResultService }, set: strField(&s.ResultService)},
	}, func() error {
		old := m.o.Settings.Get()
		if s.DossierSource != "" {
			if _, err := s.ResultServiceIn(m.o.Hub.Config()); err != nil {
				return err
			}
		}
		if err := m.o.Settings.Set(s); err != nil {
			return err
		}
		restart = old.DossierSource != s.DossierSource || old.OpenCPSURL != s.OpenCPSURL || old.OpenCPSGroup != s.OpenCPSGroup
		return nil
	})
	// Saved, and a word that it waits for a restart (a note, not an
	// error: nothing went wrong).
	fm.note = func() string {
		if !restart {
			return ""
		}
		restart = false
		return tr.L("admin.dossier.restart")
	}
	fm.show()
	m.stage = StageForm
}
