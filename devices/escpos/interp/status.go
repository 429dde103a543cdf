package interp

// State is the condition of a scripted printer, used to answer status
// requests the way a real printer's sensors would.
type State struct {
	PaperEnd        bool // roll paper end sensor: no paper
	PaperNearEnd    bool // roll paper near-end sensor: little paper left
	CoverOpen       bool // the roll cover is open
	Offline         bool // offline for a reason not listed here (e.g. feeding by button)
	CutterError     bool // the autocutter jammed (recoverable error)
	Unrecoverable   bool // e.g. a head or circuit fault
	AutoRecoverable bool // e.g. head overheated; clears by itself
}

// offline reports whether a printer in this state has stopped printing:
// a real printer goes offline when the cover opens, the paper runs out or an
// error occurs.
func (s State) offline() bool {
	return s.Offline || s.CoverOpen || s.PaperEnd || s.CutterError || s.Unrecoverable || s.AutoRecoverable
}

func (s State) anyError() bool { return s.CutterError || s.Unrecoverable || s.AutoRecoverable }

func bit(cond bool, mask byte) byte {
	if cond {
		return mask
	}
	return 0
}

// Answer returns the one byte a printer in state st sends back for the
// real-time status request DLE EOT n, laid out as in the Epson ESC/POS
// reference: bits 1 and 4 are always set, bits 0 and 7 always clear.
//
//	n=1 printer status:  bit 3 offline
//	n=2 offline cause:   bit 2 cover open, bit 5 stopped by paper end, bit 6 error
//	n=3 error cause:     bit 3 autocutter error, bit 5 unrecoverable, bit 6 auto-recoverable
//	n=4 roll paper:      bits 2,3 near end, bits 5,6 paper end
//
// ok is false for any other n: the printer does not answer.
func Answer(n byte, st State) (b byte, ok bool) {
	const fixed = 0x12
	switch n {
	case 1:
		return fixed | bit(st.offline(), 0x08), true
	case 2:
		return fixed | bit(st.CoverOpen, 0x04) | bit(st.PaperEnd, 0x20) | bit(st.anyError(), 0x40), true
	case 3:
		return fixed | bit(st.CutterError, 0x08) | bit(st.Unrecoverable, 0x20) | bit(st.AutoRecoverable, 0x40), true
	case 4:
		return fixed | bit(st.PaperNearEnd, 0x0C) | bit(st.PaperEnd, 0x60), true
	}
	return 0, false
}

// ASB returns the 4-byte Automatic Status Back message a printer sends when
// GS a has enabled it and its state changes. The first byte has bit 4 set
// and bits 0, 1 and 7 clear, which is how a host tells it from the one-byte
// answers to DLE EOT (bit 1 set).
//
//	byte 1: bit 3 offline, bit 5 cover open
//	byte 2: bit 3 autocutter error, bit 5 unrecoverable, bit 6 auto-recoverable
//	byte 3: bits 0,1 paper near end, bits 2,3 paper end
//	byte 4: reserved, 0
func ASB(st State) [4]byte {
	return [4]byte{
		0x10 | bit(st.offline(), 0x08) | bit(st.CoverOpen, 0x20),
		bit(st.CutterError, 0x08) | bit(st.Unrecoverable, 0x20) | bit(st.AutoRecoverable, 0x40),
		bit(st.PaperNearEnd, 0x03) | bit(st.PaperEnd, 0x0C),
		0,
	}
}

// paperSensor is the answer to GS r 1 (transmit paper sensor status).
func paperSensor(st State) byte {
	return bit(st.PaperNearEnd, 0x03) | bit(st.PaperEnd, 0x0C)
}
