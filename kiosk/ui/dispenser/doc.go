// Package dispenser is the citizen's ticket kiosk: the home screen with one
// big button per service (people waiting, estimated wait, or why it is
// closed), a priority choice, the language switch and the "Đánh giá"
// entry; and the ticket screen with the number, the QR and "Vui lòng nhận
// phiếu", shown while the ticket prints in the background. Two taps at
// most from home to a ticket in hand (priority, then service).
//
// The kiosk promises only what the counters open now can keep: with no
// counter open for a service its button says so (a number can still be
// taken) and the ticket, on screen and on paper, says the citizen will be
// called when one opens, never minutes or "gọi ngay"; estimates count the
// open counters only, and the screens follow them as they open and close.
//
// The printer never blocks the screen: a failed print says so plainly,
// keeps the number up longer and alerts staff through the hub. A second
// tap while a ticket is being issued is ignored, so a double tap gives one
// ticket; and every screen ignores taps for TapGuard after it comes up, so
// a finger on its way to the last screen's key presses nothing on the new
// one. The language keys sit in the header, away from the ticket screen's
// "Xong" key; and a home screen left untouched for HomeIdle goes back to
// the default language, no priority and its first page.
package dispenser
