// Package display is the lobby board (role "display"), a TV seen from
// across the room: each counter with the number it serves now in large
// light-on-dark figures, new calls blinking for a few seconds, the last
// calls, the waiting count per service, the office name and the clock, and
// an optional scrolling notice. It follows the hub's live events and hands
// every call and recall to a devices.Speaker, which queues them so that a
// new call never cuts one off.
package display
