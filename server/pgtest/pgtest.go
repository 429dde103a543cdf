// Package pgtest starts a throwaway PostgreSQL cluster on loopback for
// tests: initdb into a temporary directory, postgres on a free port, and a
// fresh database per test. As root it runs the server binaries as the
// "postgres" user (PostgreSQL refuses to run as root). Under CI=true a
// missing PostgreSQL fails the test instead of skipping it.
package pgtest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // admin connection to create databases
)

// BinDir is where Debian's PostgreSQL 15 keeps its server binaries.
var BinDir = "/usr/lib/postgresql/15/bin"

// Cluster is a running throwaway PostgreSQL server.
type Cluster struct {
	Dir  string // data and socket directory (deleted by Stop)
	Port int
	mu   sync.Mutex
	n    int
	asPG bool
}

// Options tune a cluster.
type Options struct {
	// Durable keeps fsync and synchronous_commit on (benchmarks). Tests
	// turn them off: they change speed, not behaviour.
	Durable bool
}

// Available reports whether the PostgreSQL binaries are installed.
func Available() bool {
	_, err := os.Stat(filepath.Join(BinDir, "postgres"))
	return err == nil
}

// Require skips t when PostgreSQL is missing, or fails it under CI=true.
func Require(t testing.TB) {
	t.Helper()
	if Available() {
		return
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("PostgreSQL is not installed in %s (CI=%s requires it)", BinDir, os.Getenv("CI"))
	}
	t.Skipf("PostgreSQL is not installed in %s", BinDir)
}

// Start initialises and starts a cluster. Call Stop when done.
func Start(opt Options) (*Cluster, error) {
	if !Available() {
		return nil, fmt.Errorf("start postgres: %s/postgres not found", BinDir)
	}
	dir, err := os.MkdirTemp("", "pgtest-")
	if err != nil {
		return nil, err
	}
	c := &Cluster{Dir: dir, asPG: os.Geteuid() == 0}
	if c.asPG {
		u, err := user.Lookup("postgres")
		if err != nil {
			os.RemoveAll(dir)
			return nil, fmt.Errorf("start postgres as root: %w", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
	}
	data := filepath.Join(dir, "data")
	if out, err := c.run("initdb", "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync").CombinedOutput(); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("initdb: %w: %s", err, out)
	}
	for attempt := 0; ; attempt++ {
		c.Port, err = freePort()
		if err != nil {
			return nil, err
		}
		o := fmt.Sprintf("-c listen_addresses=127.0.0.1 -p %d -k %s -c max_connections=200 -c shared_buffers=64MB", c.Port, dir)
		if !opt.Durable {
			o += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
		}
		out, err := c.run("pg_ctl", "-D", data, "-o", o, "-l", filepath.Join(dir, "log"), "-w", "-t", "60", "start").CombinedOutput()
		if err == nil {
			break
		}
		if attempt == 2 {
			log, _ := os.ReadFile(filepath.Join(dir, "log"))
			os.RemoveAll(dir)
			return nil, fmt.Errorf("pg_ctl start: %w: %s %s", err, out, log)
		}
	}
	return c, nil
}

func (c *Cluster) run(bin string, args ...string) *exec.Cmd {
	path := filepath.Join(BinDir, bin)
	if c.asPG {
		return exec.Command("runuser", append([]string{"-u", "postgres", "--", path}, args...)...)
	}
	return exec.Command(path, args...)
}

// DSN is the connection string of database name.
func (c *Cluster) DSN(name string) string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/%s?sslmode=disable", c.Port, name)
}

// CreateDB makes a fresh empty database and returns its DSN.
func (c *Cluster) CreateDB(ctx context.Context) (string, error) {
	c.mu.Lock()
	c.n++
	name := fmt.Sprintf("t%d_%d", os.Getpid(), c.n)
	c.mu.Unlock()
	admin, err := sql.Open("pgx", c.DSN("postgres"))
	if err != nil {
		return "", err
	}
	defer admin.Close()
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		return "", fmt.Errorf("create database: %w", err)
	}
	return c.DSN(name), nil
}

// Stop stops the server and deletes its directory.
func (c *Cluster) Stop() error {
	out, err := c.run("pg_ctl", "-D", filepath.Join(c.Dir, "data"), "-m", "immediate", "-w", "stop").CombinedOutput()
	os.RemoveAll(c.Dir)
	if err != nil {
		return fmt.Errorf("pg_ctl stop: %w: %s", err, strings.TrimSpace(string(out)))
	}
	return nil
}

var (
	shared    *Cluster
	sharedErr error
	sharedMu  sync.Mutex
)

// DB returns the DSN of a fresh database on a cluster shared by the test
// binary (started on first use; stop it with Main). It skips or fails t as
// Require does when PostgreSQL is missing.
func DB(t testing.TB) string {
	t.Helper()
	Require(t)
	sharedMu.Lock()
	if shared == nil && sharedErr == nil {
		shared, sharedErr = Start(Options{})
	}
	c, err := shared, sharedErr
	sharedMu.Unlock()
	if err != nil {
		t.Fatalf("start PostgreSQL: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	dsn, err := c.CreateDB(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return dsn
}

// Main runs the tests and then stops the shared cluster, if one started.
// Use it from TestMain: os.Exit(pgtest.Main(m)).
func Main(m interface{ Run() int }) int {
	code := m.Run()
	sharedMu.Lock()
	defer sharedMu.Unlock()
	if shared != nil {
		if err := shared.Stop(); err != nil && !errors.Is(err, os.ErrNotExist) {
			fmt.Fprintln(os.Stderr, err)
		}
	}
	return code
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
