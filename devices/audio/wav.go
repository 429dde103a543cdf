package audio

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// ErrFormat means a WAV file is not the one format this package reads:
// PCM, mono, 16-bit.
var ErrFormat = errors.New("not a mono 16-bit PCM WAV")

// WriteWAV writes pcm as a canonical 44-byte-header WAV file (PCM, mono,
// 16-bit little-endian). Tests use it to keep an announcement for a human
// to hear and for tools such as sox to inspect.
func WriteWAV(w io.Writer, pcm PCM) error {
	data := uint32(2 * len(pcm.Samples))
	var h [44]byte
	copy(h[0:], "RIFF")
	binary.LittleEndian.PutUint32(h[4:], 36+data)
	copy(h[8:], "WAVE")
	copy(h[12:], "fmt ")
	binary.LittleEndian.PutUint32(h[16:], 16)                 // fmt chunk size
	binary.LittleEndian.PutUint16(h[20:], 1)                  // PCM
	binary.LittleEndian.PutUint16(h[22:], 1)                  // mono
	binary.LittleEndian.PutUint32(h[24:], uint32(pcm.Rate))   // sample rate
	binary.LittleEndian.PutUint32(h[28:], uint32(pcm.Rate)*2) // byte rate
	binary.LittleEndian.PutUint16(h[32:], 2)                  // block align
	binary.LittleEndian.PutUint16(h[34:], 16)                 // bits per sample
	copy(h[36:], "data")
	binary.LittleEndian.PutUint32(h[40:], data)
	if _, err := w.Write(h[:]); err != nil {
		return fmt.Errorf("write wav header: %w", err)
	}
	if _, err := w.Write(pcmBytes(pcm.Samples)); err != nil {
		return fmt.Errorf("write wav data: %w", err)
	}
	return nil
}

// ReadWAV decodes a PCM mono 16-bit WAV file, skipping chunks it does not
// need (LIST, fact...). Anything else is ErrFormat.
func ReadWAV(b []byte) (PCM, error) {
	if len(b) < 12 || string(b[0:4]) != "RIFF" || string(b[8:12]) != "WAVE" {
		return PCM{}, fmt.Errorf("read wav: no RIFF/WAVE header: %w", ErrFormat)
	}
	var pcm PCM
	haveFmt := false
	for p := 12; p+8 <= len(b); {
		id := string(b[p : p+4])
		size := int(binary.LittleEndian.Uint32(b[p+4:]))
		body := b[p+8:]
		if size > len(body) {
			size = len(body) // espeak-ng writes a streaming size; trust the file
		}
		body = body[:size]
		switch id {
		case "fmt ":
			if size < 16 {
				return PCM{}, fmt.Errorf("read wav: short fmt chunk: %w", ErrFormat)
			}
			format := binary.LittleEndian.Uint16(body[0:])
			channels := binary.LittleEndian.Uint16(body[2:])
			bits := binary.LittleEndian.Uint16(body[14:])
			if format != 1 || channels != 1 || bits != 16 {
				return PCM{}, fmt.Errorf("read wav: format %d, %d channels, %d bits: %w", format, channels, bits, ErrFormat)
			}
			pcm.Rate = int(binary.LittleEndian.Uint32(body[4:]))
			haveFmt = true
		case "data":
			if !haveFmt {
				return PCM{}, fmt.Errorf("read wav: data before fmt: %w", ErrFormat)
			}
			pcm.Samples = make([]int16, size/2)
			if err := binary.Read(bytes.NewReader(body[:size/2*2]), binary.LittleEndian, pcm.Samples); err != nil {
				return PCM{}, fmt.Errorf("read wav data: %w", err)
			}
			return pcm, nil
		}
		p += 8 + size + size%2 // chunks are word-aligned
	}
	return PCM{}, fmt.Errorf("read wav: no data chunk: %w", ErrFormat)
}

// pcmBytes is the little-endian byte form of samples, as WAV files and
// oto want it.
func pcmBytes(samples []int16) []byte {
	out := make([]byte, 2*len(samples))
	for i, s := range samples {
		binary.LittleEndian.PutUint16(out[2*i:], uint16(s))
	}
	return out
}
