package escpos

// Command bytes, named as in Epson's ESC/POS reference.
const (
	esc = 0x1B
	gs  = 0x1D
	dle = 0x10
	eot = 0x04
	lf  = 0x0A
)

func escT(page int) []byte { return []byte{esc, 't', byte(page)} }
