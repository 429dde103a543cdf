package desk

import (
	"context"
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/motcua-kiosk/motcua/kiosk/queue"
)

// A no-show is the one desk action a citizen pays for: the number leaves
// the queue while they may be on their way to the counter. So "Vắng mặt"
// asks first, saying how long ago the number was called and how often it
// was called again, and offers the recall; once done, "Hoàn tác" puts the
// number back in the queue with its arrival time until the officer's
// next action (and the no-show list keeps it returnable for the office's
// return window).

// doSkip opens the no-show confirmation for the current called ticket.
func (d *Desk) doSkip() {
	cur := d.m.current
	if cur == nil || cur.Status != queue.StatusCalled || d.skipDlg != nil || d.xferDlg != nil {
		return
	}
	t := *cur
	tx := d.tx
	since := time.Duration(0)
	if t.CalledAt != nil {
		since = max(d.opts.Now().Sub(*t.CalledAt), 0)
	}
	lines := []fyne.CanvasObject{widget.NewLabel(tx.T("desk.skip.called", minSec(since), t.Recalls))}
	if t.Recalls == 0 {
		hint := widget.NewLabel(tx.T("desk.skip.hint"))
		hint.Importance = widget.WarningImportance
		hint.Wrapping = fyne.TextWrapWord
		lines = append(lines, hint)
	}
	lines = append(lines, widget.NewLabel(tx.T("desk.skip.after", int(d.m.returnWindow/time.Minute))))
	d.skipOK = widget.NewButton(tx.T("desk.skip.ok"), nil)
	d.skipOK.Importance = widget.DangerImportance
	d.skipRecall = widget.NewButton(tx.T("desk.skip.recall"), nil)
	setEnabled(d.skipRecall, !d.recallBtn.Disabled())
	d.skipCancel = widget.NewButton(tx.T("desk.transfer.cancel"), nil)
	cancel := d.skipCancel
	for _, l := range lines {
		if lb, ok := l.(*widget.Label); ok {
			lb.Wrapping = fyne.TextWrapWord
		}
	}
	content := container.NewVBox(append(lines, container.NewHBox(layout.NewSpacer(), cancel, d.skipRecall, d.skipOK))...)
	dlg := dialog.NewCustomWithoutButtons(tx.T("desk.skip.title", t.Number), container.NewThemeOverride(content, staffTheme{}), d.win)
	dlg.Resize(fyne.NewSize(620, 300))
	d.skipDlg = dlg
	closeDlg := func() {
		d.skipDlg = nil
		dlg.Hide()
	}
	cancel.OnTapped = closeDlg
	d.skipRecall.OnTapped = func() {
		closeDlg()
		d.doRecall()
	}
	d.skipOK.OnTapped = func() {
		closeDlg()
		d.op(func(ctx context.Context) (queue.Ticket, error) { return d.api.Skip(ctx, d.counter) },
			func(got queue.Ticket) string {
				d.undo = &got
				return tx.T("desk.done.skipped", got.Number)
			})
	}
	dlg.Show()
}

// doUndoSkip returns the ticket just marked a no-show to the queue.
func (d *Desk) doUndoSkip() {
	t := d.undo
	if t == nil {
		return
	}
	d.op(func(ctx context.Context) (queue.Ticket, error) { return d.api.Return(ctx, t.ID) }, d.say("desk.done.undone"))
}

// refreshUndo shows "Hoàn tác" while the last action was a no-show.
func (d *Desk) refreshUndo(ok bool) {
	if d.undo == nil {
		d.undoBtn.Hide()
		return
	}
	d.undoBtn.SetText(d.tx.T("desk.undo", d.undo.Number))
	setEnabled(d.undoBtn, ok)
	d.undoBtn.Show()
}

// minSec is a short duration as "m:ss".
func minSec(d time.Duration) string {
	s := int(d / time.Second)
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}
