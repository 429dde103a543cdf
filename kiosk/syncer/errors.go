package syncer

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/wire"
)

// Code classifies a sync failure.
type Code string

// Failure classes, each with its own plain-words message.
const (
	CodeNotEnrolled  Code = "not_enrolled" // no server address or credential yet
	CodeNetwork      Code = "network"      // the server cannot be reached
	CodeTLS          Code = "tls"          // the server's certificate is not trusted
	CodeUnauthorized Code = "unauthorized" // credential unknown or revoked
	CodeBadCode      Code = "bad_code"     // enrollment code wrong, expired or used
	CodeRejected     Code = "rejected"     // the server found the data invalid
	CodeBusy         Code = "busy"         // 429/503: the server asks to wait
	CodeServer       Code = "server"       // the server failed
	CodeLocal        Code = "local"        // the office database failed
	CodeBadURL       Code = "bad_url"      // the server address is not usable
)

// Error is a sync or enrollment failure.
type Error struct {
	Code       Code
	Status     int           // HTTP status, when the server answered
	Detail     string        // the server's message, when it gave one
	RetryAfter time.Duration // the server's Retry-After
	// Permanent marks failures that retrying soon will not fix.
	Permanent bool
	Err       error
}

func (e *Error) Error() string {
	s := "sync: " + string(e.Code)
	if e.Status != 0 {
		s += " (HTTP " + strconv.Itoa(e.Status) + ")"
	}
	if e.Detail != "" {
		s += ": " + e.Detail
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// Messages says what went wrong in plain words, Vietnamese then English.
func (e *Error) Messages() (vi, en string) {
	switch e.Code {
	case CodeNotEnrolled:
		return "Thiết bị chưa đăng ký với máy chủ trung tâm. Hãy nhập mã đăng ký.",
			"This device is not enrolled with the central server. Enter an enrollment code."
	case CodeNetwork:
		return "Không kết nối được máy chủ trung tâm (mất mạng hoặc máy chủ tắt). Dữ liệu vẫn được giữ và sẽ tự gửi lại.",
			"Cannot reach the central server (no network or server down). Data is kept and will be sent automatically."
	case CodeTLS:
		return "Chứng chỉ bảo mật của máy chủ không hợp lệ. Hãy kiểm tra địa chỉ máy chủ.",
			"The server's security certificate is not valid. Check the server address."
	case CodeUnauthorized:
		return "Máy chủ không nhận ra thiết bị này. Hãy đăng ký lại bằng mã mới.",
			"The server does not recognise this device. Enroll again with a new code."
	case CodeBadCode:
		return "Mã đăng ký sai, đã hết hạn hoặc đã được dùng.",
			"The enrollment code is wrong, expired or already used."
	case CodeRejected:
		return "Máy chủ từ chối dữ liệu: " + e.Detail + ". Hãy báo cho bộ phận kỹ thuật.",
			"The server rejected the data: " + e.Detail + ". Tell technical support."
	case CodeBusy:
		return "Máy chủ đang bận, sẽ tự thử lại.", "The server is busy; will retry automatically."
	case CodeServer:
		return fmt.Sprintf("Máy chủ gặp lỗi (mã %d), sẽ tự thử lại.", e.Status),
			fmt.Sprintf("The server failed (code %d); will retry automatically.", e.Status)
	case CodeBadURL:
		return "Địa chỉ máy chủ không đúng.", "The server address is not valid."
	default:
		return "Lỗi cơ sở dữ liệu trên máy này.", "Local database error."
	}
}

func classifyTransport(err error) error {
	var unknownAuthority x509.UnknownAuthorityError
	var hostname x509.HostnameError
	var invalid x509.CertificateInvalidError
	var verify *tls.CertificateVerificationError
	if errors.As(err, &unknownAuthority) || errors.As(err, &hostname) || errors.As(err, &invalid) || errors.As(err, &verify) {
		return &Error{Code: CodeTLS, Err: err}
	}
	return &Error{Code: CodeNetwork, Err: err}
}

func classifyStatus(resp *http.Response, we wire.Error) error {
	e := &Error{Status: resp.StatusCode, Detail: we.Error}
	switch {
	case resp.StatusCode == http.StatusUnauthorized:
		e.Code, e.Permanent = CodeUnauthorized, true
	case resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable:
		e.Code = CodeBusy
		if s, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil && s > 0 {
			e.RetryAfter = time.Duration(min(s, 3600)) * time.Second
		}
	case resp.StatusCode >= 500:
		e.Code = CodeServer
	default: // 400, 403, 413, 422...
		e.Code, e.Permanent = CodeRejected, true
	}
	return e
}
