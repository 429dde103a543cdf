package audio_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/motcua-kiosk/motcua/devices"
	"github.com/motcua-kiosk/motcua/devices/audio"
)

func ExamplePhrase() {
	fmt.Println(audio.Phrase(devices.Call{Number: "A012", Counter: 24}, "vi"))
	// Output: [intro letter-a digit-0 digit-1 digit-2 pause to-counter digit-2 muoi-tens tu-tens]
}

func ExampleVietnameseNumber() {
	for _, n := range []int{15, 21, 105} {
		fmt.Println(n, audio.VietnameseNumber(n))
	}
	// Output:
	// 15 [muoi lam-tens]
	// 21 [digit-2 muoi-tens mot-tens]
	// 105 [digit-1 tram linh digit-5]
}

// The lobby display's wiring: shipped clips, the real player, the
// office's settings; calls from the hub go to Say.
func ExampleAnnouncer() {
	bank, err := audio.Shipped()
	if err != nil {
		log.Fatal(err)
	}
	player := &audio.RecordingPlayer{} // audio.NewOtoPlayer(bank.Rate()) on a kiosk
	a := audio.NewAnnouncer(bank, player, audio.Options{})
	defer a.Close()
	a.SetVolume(80)

	_ = a.Say(devices.Call{Number: "A012", Counter: 3})
	_ = a.Say(devices.Call{Number: "A012", Counter: 3, Recall: true})

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = a.Flush(ctx)
	for _, p := range player.Played() {
		fmt.Println(p.PCM.Duration().Round(time.Second))
	}
	fmt.Println(audio.ErrorText(a.LastError(), "vi") == "")
	// Output:
	// 10s
	// 10s
	// true
}
