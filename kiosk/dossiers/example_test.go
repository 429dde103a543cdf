package dossiers_test

import (
	"errors"
	"fmt"

	"github.com/motcua-kiosk/motcua/kiosk/dossiers"
)

func ExampleParse() {
	ref, err := dossiers.Parse("]Q1000.00.13.h12-240315-0001\r\n")
	if err != nil {
		panic(err)
	}
	fmt.Println(ref.Code, ref.Agency, ref.Received, ref.Seq)

	_, err = dossiers.Parse("000.00.13.H12-240231-0001")
	fmt.Println(errors.Is(err, dossiers.ErrUnrecognized))
	fmt.Println(err)
	fmt.Println(dossiers.ErrorText(err, "vi"))
	// Output:
	// 000.00.13.H12-240315-0001 000.00.13.H12 15/03/2024 1
	// true
	// parse dossier code "000.00.13.H12-240231-0001": received date is not a calendar date (31/02/2024)
	// Mã hồ sơ có ngày tiếp nhận không có thật (31/02/2024). Hãy quét lại mã trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả, hoặc nhập mã hồ sơ in trên giấy.
}
