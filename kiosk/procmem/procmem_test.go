package procmem

import (
	"runtime"
	"testing"
)

func TestParseStatus(t *testing.T) {
	status := []byte(`Name:	kiosk
VmPeak:	 2345678 kB
VmHWM:	  201234 kB
VmRSS:	  156964 kB
RssAnon:	   50372 kB
RssFile:	   98432 kB
RssShmem:	    8160 kB
Threads:	14
`)
	s, err := parseStatus(status)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name      string
		got, want int
	}{
		{"RSS", s.RSS, 156964}, {"Peak", s.Peak, 201234}, {"Anon", s.Anon, 50372},
		{"File", s.File, 98432}, {"Shmem", s.Shmem, 8160}, {"Threads", s.Threads, 14},
	} {
		if c.got != c.want {
			t.Errorf("%s = %d, want %d", c.name, c.got, c.want)
		}
	}
	if _, err := parseStatus([]byte("Name:\tkiosk\n")); err == nil {
		t.Error("a status without VmRSS parsed without an error")
	}
	if _, err := parseStatus([]byte("VmRSS:\tlots kB\n")); err == nil {
		t.Error("a non-numeric VmRSS parsed without an error")
	}
}

// TestRead_ThisProcess reads the test's own figures and checks that they
// agree with each other and with what the test allocates.
func TestRead_ThisProcess(t *testing.T) {
	if runtime.GOOS != "linux" {
		if _, err := Read(); err != ErrUnsupported {
			t.Fatalf("Read on %s: %v, want ErrUnsupported", runtime.GOOS, err)
		}
		t.Skip("resident memory is read on Linux only")
	}
	before, err := Read()
	if err != nil {
		t.Fatal(err)
	}
	block := make([]byte, 64<<20) // 64 MB, touched so that it is resident
	for i := range block {
		block[i] = byte(i)
	}
	after, err := Read()
	if err != nil {
		t.Fatal(err)
	}
	if got := after.RSS - before.RSS; got < 60<<10 {
		t.Errorf("RSS grew %d kB after touching 64 MB", got)
	}
	if after.Peak < after.RSS {
		t.Errorf("peak %d kB below current %d kB", after.Peak, after.RSS)
	}
	if after.Anon+after.File+after.Shmem != after.RSS {
		t.Errorf("anon %d + file %d + shmem %d != RSS %d", after.Anon, after.File, after.Shmem, after.RSS)
	}
	if after.GoHeap < 64<<10 {
		t.Errorf("Go heap %d kB with a 64 MB block live", after.GoHeap)
	}
	runtime.KeepAlive(block)
}
