// Package audio says queue calls aloud: "Xin mời số thứ tự A012, đến quầy
// số 3", twice. It builds each announcement by joining short voice clips
// shipped in assets/voice (generated with espeak-ng by
// scripts/voice/make-clips.sh): Phrase picks the clip names and reads the
// numbers the Vietnamese way, a Bank holds the decoded clips, Join glues
// them with short gaps, and an Announcer queues calls so that a new call
// never cuts off the one being spoken. Sound leaves through a Player; the
// real one (OtoPlayer) plays through github.com/ebitengine/oto/v3 and ALSA,
// and is the only file here that imports it, so everything else is tested
// with a recording player and WAV files written by WriteWAV.
package audio
