// Package rating is the citizen's satisfaction screen: five labelled stars,
// at three stars or fewer a second screen of reasons to tap, then a thank
// you. It runs two ways: on the counter's tablet (Tablet), where it opens
// by itself when the officer completes a ticket and closes after 30 s
// without a rating; and from the dispenser's "Đánh giá" (NewLookup), where
// the citizen types the ticket number on a keypad or scans the ticket.
//
// A rating names the ticket (and through it the officer, counter, service
// and office), never the citizen. Taps are guarded: each stage ignores taps
// for TapGuard (1 s) after it opens, so a double tap never lands on the
// next stage's key; the first star or send
// tap wins and the rest are ignored while the hub answers; the hub also
// refuses a second rating of the same ticket.
package rating
