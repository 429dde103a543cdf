package admin

import (
	"context"
	"errors"
	"io/fs"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"github.com/motcua-kiosk/motcua/kiosk/procmem"
	"github.com/motcua-kiosk/motcua/kiosk/ui"
)

// maintenance is the page for backups, restore, the log and the
// diagnostic bundle, all to one folder (a USB stick's), and the version.
func (m *Menu) maintenance() {
	tr := m.tr
	folder := m.usbFolder
	fm := m.newForm(tr.L("admin.section.maintenance"), []*field{
		{key: "folder", label: tr.L("admin.field.folder"), kind: kindPlain, get: func() string { return folder },
			set: func(v string) error { folder = v; m.usbFolder = v; return nil }},
	}, func() error { return nil })
	m.status = ui.NewText(tr.L("admin.version", map[string]any{"Version": m.o.Version}), ui.TextBody, ui.ColorText, true, fyne.TextAlignCenter)
	act := func(key string, do func(ctx context.Context, dir string) (string, error), ok string) *ui.BigButton {
		b := ui.NewBigButton(tr.L(key), func() { m.runMaintenance(folder, do, ok) })
		b.TitleSize = ui.TextBody
		b.Disabled = m.o.Maintenance == nil
		m.maintKeys[key] = b
		return b
	}
	m.maintKeys = map[string]*ui.BigButton{}
	var mt Maintenance = noMaintenance{}
	if m.o.Maintenance != nil {
		mt = m.o.Maintenance
	}
	fm.extra = append(fm.extra, m.status)
	if line := memoryLine(tr); line != "" {
		// For the technician checking the kiosk's memory on its own
		// hardware; the diagnostic bundle has the details (memory.json).
		fm.extra = append(fm.extra, ui.NewText(line, ui.TextSmall, ui.ColorMuted, false, fyne.TextAlignCenter))
	}
	fm.extra = append(fm.extra, container.NewGridWithColumns(2,
		act("admin.maint.backup", mt.Backup, "admin.maint.backup_ok"),
		act("admin.maint.restore", mt.StageRestore, "admin.maint.restore_ok"),
		act("admin.maint.log", mt.ExportLog, "admin.maint.saved"),
		act("admin.maint.diag", mt.Diag, "admin.maint.saved"),
	))
	fm.show()
	m.stage = StageForm
}

// memoryLine says how much memory the kiosk holds now and at its peak,
// or "" where the system does not tell (procmem).
func memoryLine(tr ui.Tr) string {
	s, err := procmem.Read()
	if err != nil {
		return ""
	}
	return tr.L("admin.memory", map[string]any{"Now": (s.RSS + 512) / 1024, "Peak": (s.Peak + 512) / 1024})
}

// runMaintenance runs one action in the background and says how it went.
func (m *Menu) runMaintenance(folder string, do func(ctx context.Context, dir string) (string, error), ok string) {
	status := m.status
	if folder == "" {
		status.SetText(m.tr.L("admin.maint.which_folder"))
		return
	}
	status.SetText(m.tr.L("admin.maint.working"))
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		path, err := do(ctx, folder)
		ui.Do(func() {
			if err != nil {
				m.o.Log.Warn("maintenance", "folder", folder, "err", err)
				status.SetText(m.maintError(err))
				return
			}
			m.o.Log.Info("maintenance", "folder", folder, "wrote", path)
			status.SetText(m.tr.L(ok, map[string]any{"Path": path}))
		})
	}()
}

// ErrNoBackup is returned by Maintenance.StageRestore for a folder with
// no backup in it.
var ErrNoBackup = errors.New("no backup in that folder")

// maintError is the sentence for a failed maintenance action; the details
// are in the log.
func (m *Menu) maintError(err error) string {
	switch {
	case errors.Is(err, ErrNoBackup):
		return m.tr.L("admin.maint.no_backup")
	case errors.Is(err, fs.ErrNotExist):
		return m.tr.L("admin.maint.no_folder")
	case errors.Is(err, fs.ErrPermission):
		return m.tr.L("admin.maint.no_permission")
	}
	return m.tr.L("admin.maint.failed")
}

// MaintenanceButton is one of the maintenance page's actions, by its
// label key ("admin.maint.backup"...), for tests.
func (m *Menu) MaintenanceButton(key string) *ui.BigButton { return m.maintKeys[key] }

type noMaintenance struct{}

func (noMaintenance) Backup(context.Context, string) (string, error)       { return "", nil }
func (noMaintenance) StageRestore(context.Context, string) (string, error) { return "", nil }
func (noMaintenance) ExportLog(context.Context, string) (string, error)    { return "", nil }
func (noMaintenance) Diag(context.Context, string) (string, error)         { return "", nil }
