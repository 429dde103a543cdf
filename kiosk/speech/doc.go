// Package speech says the citizen screens aloud (issue 16): what a screen
// shows, in the language it shows. An Utterance is a list of phrases
// (sentences); each phrase is a list of parts, either a pre-generated clip
// from the lobby voice's bank (assets/voice: "Số của ông bà là", the
// letters and digits of a ticket number, number words) or text for an
// offline synthesiser (service and procedure names; Espeak runs
// espeak-ng's Vietnamese voice on this machine, never over the network).
// A Voice queues utterances: a screen's speech never cuts the phrase being
// said by the last screen's, only a citizen's tap does (Interrupt).
// An Output is where it is heard: the system's default (oto), or a named
// ALSA device such as a headset, played through aplay; Devices lists the
// ones this machine has and a Switch changes the output without a restart.
//
// The package knows nothing of Fyne: screens build utterances from the
// strings they show (Ticket, Lines) and hand them to a Speaker.
package speech
