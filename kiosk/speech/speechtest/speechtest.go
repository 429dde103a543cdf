// Package speechtest helps tests listen to the citizen speech on real
// parts: an ALSA PCM whose sound goes to a file (ALSA's "file" plugin on
// its "null" device, selected like any headset), and sox's measure of a
// WAV file (length, peak, silences inside the speech).
package speechtest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// FilePCM writes an ALSA configuration into dir that defines the PCM
// name, described as headphones, whose sound is appended to dir/name.raw
// as raw 16-bit mono samples. Each aplay run opens the PCM anew, so a
// "wav"-format file would be overwritten by each phrase: the samples go
// to a raw file through a pipe, and WAV turns them into a WAV file. It
// returns the ALSA_CONFIG_PATH value that selects the configuration
// (ALSA's own alsa.conf first) and the raw file's path.
func FilePCM(dir, name string) (configPath, raw string, err error) {
	raw = filepath.Join(dir, name+".raw")
	conf := filepath.Join(dir, "asound-"+name+".conf")
	body := "pcm." + name + " {\n  type file\n  slave.pcm \"null\"\n  file \"|cat >> " + raw + "\"\n  format \"raw\"\n" +
		"  hint { show on description \"Test headphones (a WAV file)\" }\n}\n"
	if err := os.WriteFile(conf, []byte(body), 0o644); err != nil {
		return "", "", err
	}
	return "/usr/share/alsa/alsa.conf:" + conf, raw, nil
}

// Samples reads a raw file FilePCM's PCM wrote.
func Samples(raw string) ([]int16, error) {
	b, err := os.ReadFile(raw)
	if err != nil {
		return nil, err
	}
	s := make([]int16, len(b)/2)
	return s, binary.Read(bytes.NewReader(b[:len(s)*2]), binary.LittleEndian, s)
}

// WAV converts the raw samples at rate into the WAV file wav with sox.
func WAV(ctx context.Context, raw, wav string, rate int) error {
	out, err := exec.CommandContext(ctx, "sox", "-t", "raw", "-r", strconv.Itoa(rate), "-e", "signed", "-b", "16", "-c", "1", raw, wav).CombinedOutput()
	if err != nil {
		return fmt.Errorf("sox raw → wav: %w: %s", err, out)
	}
	return nil
}

// Find is the first index at or after from where want appears in got;
// -1 if it does not.
func Find(got, want []int16, from int) int {
	for k := from; k+len(want) <= len(got); k++ {
		if slices.Equal(got[k:k+len(want)], want) {
			return k
		}
	}
	return -1
}

// Measure is what sox hears in a WAV file.
type Measure struct {
	Seconds float64 // sox --i -D
	PeakDB  float64 // sox stats' "Pk lev dB": under 0 is no clipping
	Clipped bool    // sox stats reported clipped samples
	Gaps    int     // silences between the first and the last sound
	Longest time.Duration
}

// Listen measures a WAV file with sox. A silence is a run of 10 ms
// windows whose samples, as sox decodes them (-t dat), all stay under
// 0.5 % of full scale.
func Listen(ctx context.Context, wav string) (Measure, error) {
	var m Measure
	d, err := exec.CommandContext(ctx, "sox", "--i", "-D", wav).Output()
	if err != nil {
		return m, fmt.Errorf("sox --i -D: %w", err)
	}
	if m.Seconds, err = strconv.ParseFloat(strings.TrimSpace(string(d)), 64); err != nil {
		return m, err
	}
	st, err := exec.CommandContext(ctx, "sox", wav, "-n", "stats").CombinedOutput()
	if err != nil {
		return m, fmt.Errorf("sox stats: %w: %s", err, st)
	}
	pk := regexp.MustCompile(`Pk lev dB\s+(-?[\d.]+|-inf)`).FindSubmatch(st)
	if pk == nil {
		return m, fmt.Errorf("sox stats has no peak level:\n%s", st)
	}
	if m.PeakDB, err = strconv.ParseFloat(string(pk[1]), 64); err != nil {
		return m, fmt.Errorf("sox stats peak %q: %w", pk[1], err)
	}
	m.Clipped = strings.Contains(string(st), "clip")
	r, err := exec.CommandContext(ctx, "sox", "--i", "-r", wav).Output()
	if err != nil {
		return m, fmt.Errorf("sox --i -r: %w", err)
	}
	rate, _ := strconv.Atoi(strings.TrimSpace(string(r)))
	dat, err := exec.CommandContext(ctx, "sox", wav, "-t", "dat", "-").Output()
	if err != nil {
		return m, fmt.Errorf("sox -t dat: %w", err)
	}
	win := max(rate/100, 1)
	var quiet []bool
	n, loud := 0, false
	sc := bufio.NewScanner(bytes.NewReader(dat))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) != 2 || strings.HasPrefix(f[0], ";") {
			continue
		}
		v, err := strconv.ParseFloat(f[1], 64)
		if err != nil {
			continue
		}
		loud = loud || v > 0.005 || v < -0.005
		if n++; n == win {
			quiet = append(quiet, !loud)
			n, loud = 0, false
		}
	}
	start, seen := -1, false
	for i, q := range quiet {
		switch {
		case q && start < 0 && seen:
			start = i
		case !q:
			if start >= 0 {
				m.Gaps++
				m.Longest = max(m.Longest, time.Duration(i-start)*10*time.Millisecond)
			}
			start, seen = -1, true
		}
	}
	return m, nil
}
