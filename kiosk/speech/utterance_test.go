package speech

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/motcua-kiosk/motcua/devices/audio"
)

// ticket is the example: A012 for Đất đai with 5 people ahead.
var ticket = TicketInfo{Number: "A012", Service: "Đất đai", Ahead: 5}

func TestTicket_Phrases(t *testing.T) {
	for _, tc := range []struct {
		lang string
		want string
	}{
		{"vi", "clip:speech-your-number clip:letter-a clip:digit-0 clip:digit-1 clip:digit-2 clip:pause " +
			"clip:speech-counter text:Đất đai clip:pause clip:speech-ahead clip:digit-5 clip:speech-people"},
		{"en", "clip:speech-your-number clip:letter-a clip:digit-0 clip:digit-1 clip:digit-2 clip:pause " +
			"clip:speech-counter text:Land registration clip:pause clip:digit-5 clip:speech-people"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			info := ticket
			if tc.lang == "en" {
				info.Service = "Land registration"
			}
			u := Ticket(tc.lang, info)
			if got := strings.Join(u.Parts(), " "); got != tc.want {
				t.Errorf("Ticket(%s) =\n %s\nwant\n %s", tc.lang, got, tc.want)
			}
		})
	}
}

// TestTicket_Words reads the phrase back through the clips' own texts
// (scripts/voice/clips.tsv): the sentence a listener hears.
func TestTicket_Words(t *testing.T) {
	u := Ticket("vi", ticket)
	if got, want := Words(u, clipTexts(t)), "Số của ông bà là a không một hai, quầy Đất đai, trước ông bà có năm người"; got != want {
		t.Errorf("heard %q, want %q", got, want)
	}
}

func TestTicket_ThenLines(t *testing.T) {
	info := ticket
	info.Then = []string{"Thời gian chờ dự kiến: khoảng 10 phút", "", "Vui lòng nhận phiếu"}
	u := Ticket("vi", info)
	if got, want := len(u.Phrases), 3; got != want {
		t.Fatalf("%d phrases, want %d: %v", got, want, u.Parts())
	}
	if got, want := u.Phrases[1].String(), "text:Thời gian chờ dự kiến: khoảng 10 phút"; got != want {
		t.Errorf("second phrase %q, want %q", got, want)
	}
}

func TestLines_SpellsTicketNumbers(t *testing.T) {
	u := Lines("vi", "Xin mời số A012, đến quầy")
	if got, want := strings.Join(u.Parts(), " "), "text:Xin mời số clip:letter-a clip:digit-0 clip:digit-1 clip:digit-2 text:đến quầy"; got != want {
		t.Errorf("Lines = %s, want %s", got, want)
	}
}

func TestIsTicketNumber(t *testing.T) {
	for w, want := range map[string]bool{"A012": true, "TK105": true, "A1": false, "012": false, "Đất": false, "ABC12": false, "a012": false} {
		if got := IsTicketNumber(w); got != want {
			t.Errorf("IsTicketNumber(%q) = %t, want %t", w, got, want)
		}
	}
}

// toneSynth is a synthesiser for tests without espeak-ng: a tone of 50 ms
// per character, so that its length is known.
func toneSynth(_ context.Context, _, text string) (audio.PCM, error) {
	n := len([]rune(text)) * audio.ClipRate / 20
	s := make([]int16, n)
	for i := range s {
		s[i] = int16(8000 * ((i/20%2)*2 - 1))
	}
	return audio.PCM{Rate: audio.ClipRate, Samples: s}, nil
}

func shipped(t *testing.T) *audio.Bank {
	t.Helper()
	b, err := audio.Shipped()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestRenderer_TicketLength checks the ticket's sound against the same
// phrase list: its length is exactly the clips', the synthesised name's
// and the gaps between them, and every part is there.
func TestRenderer_TicketLength(t *testing.T) {
	b := shipped(t)
	r := &Renderer{Bank: b, Synth: SynthFunc(toneSynth)}
	u := Ticket("vi", ticket)
	pcm, err := r.Render(context.Background(), u)
	if err != nil {
		t.Fatal(err)
	}
	want := 0
	parts := u.Phrases[0]
	for _, p := range parts {
		c, err := r.Part(context.Background(), "vi", p)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		want += len(c.Samples)
	}
	want += (len(parts) - 1) * int(time.Duration(b.Rate())*audio.Gap/time.Second)
	if got := len(pcm.Samples); got != want {
		t.Errorf("ticket speech is %d samples (%v), want %d from its %d parts", got, pcm.Duration(), want, len(parts))
	}
	if pcm.Duration() < 2*time.Second {
		t.Errorf("ticket speech lasts %v: too short to hold the sentence", pcm.Duration())
	}
}

func TestRenderer_NoSynth(t *testing.T) {
	r := &Renderer{Bank: shipped(t)}
	if _, err := r.Render(context.Background(), Ticket("vi", ticket)); err == nil || !strings.Contains(err.Error(), "Đất đai") {
		t.Errorf("Render without a synthesiser = %v, want ErrNoSynth naming the text", err)
	}
}
