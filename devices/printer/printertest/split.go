package printertest

// cmdLen returns the length of the ESC/POS command or text byte at the
// start of b, and false when b holds only part of it. It knows the lengths
// of the commands a ticket encoder sends (and the length fields of the
// ones that carry data: raster images, QR, downloaded characters) well
// enough to find where each job is cut; it is not an interpreter.
func cmdLen(b []byte) (int, bool) {
	if len(b) == 0 {
		return 0, false
	}
	need := func(n int) (int, bool) { return n, len(b) >= n }
	at := func(i int) int { return int(b[i]) }
	word := func(i int) int { return int(b[i]) | int(b[i+1])<<8 }
	switch b[0] {
	case 0x10: // DLE
		if len(b) < 2 {
			return 0, false
		}
		if b[1] == 0x14 {
			return need(5)
		}
		return need(3)
	case 0x1C: // FS
		if len(b) < 2 {
			return 0, false
		}
		switch b[1] {
		case '.', '&':
			return 2, true
		case 'p':
			return need(4)
		}
		return need(3)
	case 0x1B: // ESC
		return escLen(b, need, at, word)
	case 0x1D: // GS
		return gsLen(b, need, at, word)
	}
	return 1, true
}

func escLen(b []byte, need func(int) (int, bool), at, word func(int) int) (int, bool) {
	if len(b) < 2 {
		return 0, false
	}
	switch b[1] {
	case '@', '2', '<', 'L', 'S', 'i', 'm', 0x0C:
		return 2, true
	case '$', '\\', 'B':
		return need(4)
	case 'c':
		return need(4)
	case 'p':
		return need(5)
	case 'W':
		return need(10)
	case 'D': // tab stops, NUL-terminated
		for i := 2; i < len(b); i++ {
			if b[i] == 0 {
				return i + 1, true
			}
		}
		return 0, false
	case '*': // bit image: m nL nH d
		if len(b) < 5 {
			return 0, false
		}
		n := word(3)
		if m := at(2); m == 32 || m == 33 {
			n *= 3
		}
		return need(5 + n)
	case '&': // user-defined characters: y c1 c2 [x d1..d(y*x)]...
		if len(b) < 5 {
			return 0, false
		}
		y, c1, c2 := at(2), at(3), at(4)
		i := 5
		for c := c1; c <= c2; c++ {
			if len(b) <= i {
				return 0, false
			}
			i += 1 + y*at(i)
		}
		return need(i)
	}
	return need(3)
}

func gsLen(b []byte, need func(int) (int, bool), at, word func(int) int) (int, bool) {
	if len(b) < 2 {
		return 0, false
	}
	switch b[1] {
	case 'V': // cut: GS V m, or GS V m n
		if len(b) < 3 {
			return 0, false
		}
		if m := at(2); m == 0 || m == 1 || m == 48 || m == 49 {
			return 3, true
		}
		return need(4)
	case 'v': // raster image: GS v 0 m xL xH yL yH d
		if len(b) < 8 {
			return 0, false
		}
		return need(8 + word(4)*word(6))
	case '(': // GS ( fn pL pH d
		if len(b) < 5 {
			return 0, false
		}
		return need(5 + word(3))
	case '8': // GS 8 L p1 p2 p3 p4 d
		if len(b) < 7 {
			return 0, false
		}
		return need(7 + word(3) + word(5)<<16)
	case '*': // downloaded bit image: GS * x y d
		if len(b) < 4 {
			return 0, false
		}
		return need(4 + at(2)*at(3)*8)
	case 'k': // barcode
		if len(b) < 3 {
			return 0, false
		}
		if at(2) <= 6 {
			for i := 3; i < len(b); i++ {
				if b[i] == 0 {
					return i + 1, true
				}
			}
			return 0, false
		}
		if len(b) < 4 {
			return 0, false
		}
		return need(4 + at(3))
	case 'L', 'W', 'P', '$', '\\':
		return need(4)
	case '^':
		return need(5)
	}
	return need(3)
}

// isCut reports whether cmd is a paper cut (GS V), the end of a ticket.
func isCut(cmd []byte) bool { return len(cmd) >= 3 && cmd[0] == 0x1D && cmd[1] == 'V' }
