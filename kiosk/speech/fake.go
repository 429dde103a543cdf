package speech

import "sync"

// Said is one call seen by a Recorder.
type Said struct {
	Utterance Utterance
	Interrupt bool // Interrupt or Repeat, not Say
}

// Recorder is a Speaker for screen tests: it records what it is asked to
// say and plays nothing.
type Recorder struct {
	mu     sync.Mutex
	said   []Said
	volume int
	stops  int
}

var _ Speaker = (*Recorder)(nil)

// Say records u.
func (r *Recorder) Say(u Utterance) { r.add(Said{Utterance: u}) }

// Interrupt records u as a tap's.
func (r *Recorder) Interrupt(u Utterance) { r.add(Said{Utterance: u, Interrupt: true}) }

// Stop counts a stop.
func (r *Recorder) Stop() {
	r.mu.Lock()
	r.stops++
	r.mu.Unlock()
}

// Repeat records the last utterance again as a tap's.
func (r *Recorder) Repeat() {
	r.mu.Lock()
	var u Utterance
	if n := len(r.said); n > 0 {
		u = r.said[n-1].Utterance
	}
	r.mu.Unlock()
	r.Interrupt(u)
}

// SetVolume records the volume.
func (r *Recorder) SetVolume(v int) {
	r.mu.Lock()
	r.volume = v
	r.mu.Unlock()
}

// Volume returns the volume last set.
func (r *Recorder) Volume() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.volume
}

// Said returns everything recorded so far.
func (r *Recorder) Said() []Said {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Said(nil), r.said...)
}

// Last returns the last utterance recorded.
func (r *Recorder) Last() (Said, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.said) == 0 {
		return Said{}, false
	}
	return r.said[len(r.said)-1], true
}

func (r *Recorder) add(s Said) {
	r.mu.Lock()
	r.said = append(r.said, s)
	r.mu.Unlock()
}
