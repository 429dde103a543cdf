package procedures_test

import (
	"fmt"

	"github.com/motcua-kiosk/motcua/kiosk/procedures"
)

// A citizen types on the kiosk's keyboard without tone marks, and with
// the Telex keys its input method would have turned into marks.
func ExampleIndex_Search() {
	cat, err := procedures.Shipped()
	if err != nil {
		panic(err)
	}
	for _, h := range cat.Search("chuwng thuwcj ban sao", 1) {
		fmt.Println(h.Procedure.FieldName, "—", h.Procedure.Channels[0].Fee)
	}
	fmt.Println(cat.Info().UpdatedText())
	// Output:
	// Chứng thực — 2.000 đồng/trang; từ trang thứ ba trở lên 1.000 đồng/trang, tối đa 200.000 đồng/bản (Thông tư 226/2016/TT-BTC)
	// Cập nhật ngày 07/12/2026
}

// The ticket button of a procedure page asks which queue service to use:
// the admin's mapping by field wins over the catalogue's own.
func ExampleServiceFor() {
	cat, _ := procedures.Shipped()
	p, _ := cat.Get("khai-sinh")
	fmt.Printf("%q\n", procedures.ServiceFor(cat, p, nil))
	fmt.Printf("%q\n", procedures.ServiceFor(cat, p, map[string]string{"ho-tich": "A"}))
	// Output:
	// ""
	// "A"
}
