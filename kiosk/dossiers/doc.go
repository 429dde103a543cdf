// Package dossiers answers the citizen's question at the kiosk: "where is
// my dossier?". It reads the code on the "Giấy tiếp nhận hồ sơ và hẹn trả
// kết quả" (Parse), asks the province's one-stop system through one small
// interface (Source), and keeps the last answer per dossier so that an
// offline kiosk still shows it, with its time and marked as not live
// (Cached). It is plain Go: no Fyne, no SQL driver, no serial port.
//
// # The code on the slip
//
// Decree 61/2018/NĐ-CP Art. 26 gives every dossier a code
// V1V2V3.Z1Z2.Y1Y2.MX1X2-YYMMDD-XXXX: the receiving agency's code in the
// national list of agency codes (mã định danh, QCVN 102:2016/BTTTT, now
// Decision 20/2020/QĐ-TTg; the last group MX1X2 is the level-1 body, a
// letter and two digits, e.g. H12), the date received, and the day's
// sequence number. Parse's doc lists exactly which forms it accepts; in
// short: that form, the level-1-first short form some provinces print
// (H12.22-240315-0001), an OpenCPS look-up URL, a bare number, each
// with the noise a barcode scanner adds. It refuses '/', '_' and spaces
// as separators; if a province is found to print them, add the form with
// a test rather than loosening the grammar.
//
// # OpenCPS (the OpenCPS type)
//
// Calls, as VietOpenCPS/opencps-v2 declares them (backend-api-rest,
// DossierManagement and DossierLogManagement):
//
//	GET {BaseURL}/o/rest/v2/dossiers/{dossierNo}?secretKey={secret}    header groupId
//	GET {BaseURL}/o/rest/v2/dossierlogs/{dossierId}/logs?password={secret}
//
// Fields relied on, from DossierDetailModel: dossierId, dossierNo,
// serviceCode, serviceName, govAgencyName, receiveDate, dueDate,
// finishDate, releaseDate, dossierStatus, dossierStatusText, stepCode,
// stepName, stepDuedate; from the log's data[]: createDate, content.
// Dates are read as dd/MM/yyyy HH:mm:ss (also dd/MM/yyyy, ISO 8601 and
// epoch seconds or milliseconds) in the office's zone. Ids and dates may
// come as strings or numbers. dossierStatus maps: new, receiving →
// received; processing, interoperating and unknown codes → processing;
// waiting, pausing → paused; correcting → needs more papers; releasing
// → ready (as does a stepCode listed in ReadySteps); done → returned;
// denied; cancelled. HTTP 404 → ErrNotFound, 401/403 → ErrWrongSecret,
// an empty 200 or {} → ErrNotFound, anything else that is not a 200 JSON
// object → ErrUnreachable. The applicant's name, ID, address and phone
// are in the answer and are never copied into Status; nor is a log
// line's author (it may be the applicant).
//
// To check against a live OpenCPS before production (the recorded
// answers in testdata/opencps were written from the schemas, not
// captured): that {id} accepts the dossierNo and not only the numeric
// dossierId or referenceUid; that a wrong secretKey gives 401/403 and
// not a 200 with fewer fields; that the log call takes the secret as
// "password" and is open to anonymous callers, and its content words
// actions without applicant data; the date format; whether
// the unit holding the step is in some field (Step.Unit is govAgencyName
// for now, the detail model has no per-step unit); the query keys of the
// URL the province's slip QR holds (Parse assumes dossierNo and
// secretKey, as the API names them, and accepts a few aliases).
//
// # The central server (the Central type)
//
// For offices with no other one-stop system the project's central server
// keeps dossiers itself: the officer records a received dossier and its
// steps at the desk, the office hub commits them to its outbox and the
// syncer carries them (so recording works with the link down). Central
// reads GET {BaseURL}/api/v1/dossiers/{code}?secretKey={secret}, a
// wire.DossierStatus; 404 → ErrNotFound, 403 → ErrWrongSecret, anything
// else as for OpenCPS. The slip's QR holds {server}/hs/{code}?secretKey=…,
// the status page, which Parse reads as the code with its secret.
// FromWire is the one mapping, shared with that page.
//
// # Offline
//
// Cached falls back to the last kept status only on ErrUnreachable. The
// status keeps its AsOf (when it was live); the screen must show that
// time and say the status is not live when Stale is true (e.g. "Thông tin
// cập nhật lúc 09:00 ngày 19/03/2024, hiện không kết nối được hệ thống").
// FileStore keeps one JSON file in the directory it is given.
//
// # What the others need from this package
//
// The kiosk screens (kiosk/ui, not here): feed every scanner line and
// every typed code to Parse, and show ErrorText(err, lang) on refusal;
// call Lookup with a deadline (a citizen waits about 10 s, not more);
// show Procedure, Received, Promised, Step.Name and Step.Unit, State.Text
// or StateText, Late, and History on paged screens; offer "Lấy số nhận
// kết quả" (a ticket in the "Trả kết quả" queue) only when Ready, and
// otherwise say when it is due (Deadline); show AsOf and a "not live"
// line when Stale; show ErrorText for ErrNotFound, ErrWrongSecret and
// ErrUnreachable. Times are shown in the office's zone (queue.LoadZone).
//
// The central server (server/..., not here) keeps dossiers for offices
// with no other system. Its kiosk-side Source must: answer Lookup by
// Ref.Code (canonical, upper case) and check Ref.Secret if it issues
// secrets; fill Status with Source "central", the current Step with the
// unit holding it, Received/Promised/Finished as instants, Ready when the
// officer has marked the result ready, Late with Status.LateAt in the
// office's zone, History oldest first; wrap ErrNotFound, ErrWrongSecret,
// ErrUnreachable as the Source contract says; carry no citizen identity.
// Its desk screen attaching a dossier to a ticket should read the code
// with the same Parse, so the kiosk and the desk agree on what a code is.
package dossiers
