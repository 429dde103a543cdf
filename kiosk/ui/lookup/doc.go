// Package lookup is the kiosk's "Tra cứu thủ tục hành chính" screens: a
// start page with the catalogue's date, a search on the on-screen keyboard
// (Telex on) and the fields (lĩnh vực) as keys; a page of results; and a
// procedure's page, paged into sections (never scrolled: a finger drag does
// not scroll on a desktop touch screen), with "Lấy số cho thủ tục này" and
// "In danh sách giấy tờ". It reads the catalogue through
// procedures.Catalogue and reaches the queue and the printer only through
// the callbacks in Options, so the dispenser decides what a ticket and a
// print are.
package lookup
