//go:build integration

package notify_test

import (
	"os"
	"testing"

	"github.com/motcua-kiosk/motcua/server/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// The outbox's claim and ON CONFLICT on the other backend.
func TestOutbox_Postgres(t *testing.T) {
	pg := func(t *testing.T) string { return pgtest.DB(t) }
	t.Run("RetriesAfter500", func(t *testing.T) { testOutboxRetriesAfter500(t, pg) })
	t.Run("NeverTwice", func(t *testing.T) { testOutboxNeverTwice(t, pg) })
	t.Run("RestartResumes", func(t *testing.T) { testOutboxRestartResumes(t, pg) })
	t.Run("LeaseAfterCrash", func(t *testing.T) { testOutboxLeaseAfterCrash(t, pg) })
	t.Run("PermanentGivesUp", func(t *testing.T) { testOutboxPermanentGivesUp(t, pg) })
	t.Run("ResultsScan", func(t *testing.T) { testResultsScan(t, pg) })
}
