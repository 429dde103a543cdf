// Package checkin is the kiosk's "Tôi đã đặt lịch hẹn" (issue 14): the
// citizen types the booking code from the phone or the desk's slip on the
// on-screen keyboard, or the dispenser hands over a booking QR scanned on
// its home screen, and the hub's check-in rule answers. On time, the
// dispenser shows and prints the booked ticket ("Phiếu đặt lịch hẹn");
// early, the screen says from what time check-in opens and issues
// nothing; late (or a place already released), it says why and offers a
// normal ticket in one tap; an unknown, used, cancelled or mistyped code
// is said in a plain sentence beside the field, and the code stays there
// to be mended.
//
// It talks to the hub only through CheckInFunc, so a test drives it with
// the real hub or a fake. Left untouched it closes for the next citizen.
package checkin
