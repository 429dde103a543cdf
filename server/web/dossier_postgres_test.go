//go:build integration

package web_test

import "testing"

// TestDossier_Postgres runs the dossier suite on a real PostgreSQL.
func TestDossier_Postgres(t *testing.T) { runDossierSuite(t, openPostgres) }

// TestDossierReport_Postgres runs the dossier report suite on a real PostgreSQL.
func TestDossierReport_Postgres(t *testing.T) { runDossierReportSuite(t, openPostgres) }
