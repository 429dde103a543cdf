package web

import (
	"net/http"
	"net/url"

	"github.com/motcua-kiosk/motcua/server/report"
)

// messages holds every page string: Vietnamese first, English second.
var messages = map[string][2]string{
	"app":             {"Một Cửa — Báo cáo mức độ hài lòng", "Một Cửa — Satisfaction reports"},
	"lang.other":      {"English", "Tiếng Việt"},
	"login.title":     {"Đăng nhập", "Sign in"},
	"login.name":      {"Tên đăng nhập", "User name"},
	"login.password":  {"Mật khẩu", "Password"},
	"login.submit":    {"Đăng nhập", "Sign in"},
	"login.bad":       {"Tên đăng nhập hoặc mật khẩu không đúng.", "Wrong user name or password."},
	"login.locked":    {"Tài khoản tạm khoá do nhập sai nhiều lần. Vui lòng thử lại sau %s.", "Too many failed attempts: the account is locked until %s."},
	"login.expired":   {"Trang đã hết hạn. Vui lòng đăng nhập lại.", "The page expired. Please sign in again."},
	"logout":          {"Đăng xuất", "Sign out"},
	"forbidden":       {"Yêu cầu không hợp lệ hoặc trang đã hết hạn. Vui lòng tải lại trang và thử lại.", "Invalid request or the page expired. Please reload the page and try again."},
	"error":           {"Đã có lỗi xảy ra. Vui lòng thử lại sau.", "Something went wrong. Please try again later."},
	"r.title":         {"Báo cáo", "Reports"},
	"r.from":          {"Từ ngày", "From"},
	"r.to":            {"Đến ngày", "To"},
	"r.office":        {"Cơ quan", "Office"},
	"r.officer":       {"Cán bộ", "Officer"},
	"r.service":       {"Lĩnh vực", "Service"},
	"r.all":           {"Tất cả", "All"},
	"r.show":          {"Xem báo cáo", "Show report"},
	"r.quick":         {"Chọn nhanh:", "Quick ranges:"},
	"r.7d":            {"7 ngày qua", "Last 7 days"},
	"r.month":         {"Tháng này", "This month"},
	"r.quarter":       {"Quý này", "This quarter"},
	"r.year":          {"Năm nay", "This year"},
	"r.date.hint":     {"Nhập ngày theo dạng ngày/tháng/năm, ví dụ 16/11/2026.", "Type dates as day/month/year, for example 16/11/2026."},
	"r.date.format":   {"ngày/tháng/năm, ví dụ 16/11/2026", "day/month/year, for example 16/11/2026"},
	"r.date.bad":      {"%s: “%s” không phải là ngày theo dạng ngày/tháng/năm (ví dụ 16/11/2026).", "%s: “%s” is not a date written day/month/year (for example 16/11/2026)."},
	"r.date.nosuch":   {"%s: không có ngày %s — tháng %d/%d chỉ có %d ngày.", "%s: there is no %s — month %d/%d has only %d days."},
	"r.date.order":    {"Đến ngày %s là trước Từ ngày %s: vui lòng đổi lại.", "To %s is before From %s: please swap them."},
	"r.date.long":     {"Khoảng thời gian dài hơn 5 năm: vui lòng chọn khoảng ngắn hơn.", "The range is longer than 5 years: please choose a shorter one."},
	"r.date.fallback": {"Báo cáo dưới đây là 7 ngày qua (%s – %s).", "The report below is the last 7 days (%s – %s)."},
	"r.tickets":       {"Số phiếu đã cấp", "Tickets issued"},
	"r.served":        {"Đã phục vụ", "Served"},
	"r.wait":          {"9/10 người chờ không quá", "9 in 10 people waited at most"},
	"r.service_time":  {"9/10 lượt phục vụ xong trong", "9 in 10 visits took at most"},
	"r.wait_half":     {"một nửa chờ không quá %s", "half waited at most %s"},
	"r.service_half":  {"một nửa xong trong %s", "half took at most %s"},
	"r.mean_stars":    {"điểm trung bình", "average score"},
	"r.noshow":        {"Tỷ lệ vắng mặt", "No-show rate"},
	"r.ratings":       {"Lượt đánh giá", "Ratings"},
	"r.satisfaction":  {"Tỷ lệ hài lòng", "Satisfaction rate"},
	"r.minutes":       {"phút", "min"},
	"r.served_note":   {"đã phục vụ xong", "served"},
	"r.tickets_note":  {"phiếu", "tickets"},
	"r.csv":           {"Tải CSV", "Download CSV"},
	"r.hours":         {"Số phiếu theo giờ lấy số", "Tickets by hour taken"},
	"r.stars":         {"Đánh giá theo số sao", "Ratings by stars"},
	"r.reasons":       {"Lý do chưa hài lòng (đánh giá từ 3 sao trở xuống)", "Reasons given (ratings of 3 stars or fewer)"},
	"r.empty":         {"Không có dữ liệu trong khoảng thời gian đã chọn.", "No data in the chosen range."},
	"r.waiting_now":   {"phiếu chưa xong tại lần đồng bộ gần nhất", "tickets not finished at the last sync"},
	"r.days":          {"ngày có dữ liệu", "days with data"},
	"r.defs":          {"Cách tính", "Definitions"},
	"r.def.wait":      {"Thời gian chờ: từ lúc lấy số đến lúc được gọi (tính trên các phiếu đã được gọi).", "Waiting time: from taking the ticket to being called (tickets called)."},
	"r.def.service":   {"Thời gian phục vụ: từ lúc bắt đầu phục vụ đến lúc hoàn thành.", "Service time: from the start of service to done."},
	"r.def.quantiles": {"“Một nửa … không quá” và “9/10 … không quá”", "“Half … at most” and “9 in 10 … at most”"},
	"r.def.quantile":  {"“Một nửa số người chờ không quá 12 phút” nghĩa là một nửa được gọi trong 12 phút, một nửa chờ lâu hơn (trung vị). “9/10 người chờ không quá 25 phút” nghĩa là chỉ 1 trong 10 người chờ lâu hơn 25 phút (phân vị 90, p90). Hai con số này ít bị một vài lượt chờ rất lâu làm lệch như số trung bình. Cách tính như hàm PERCENTILE.INC của Excel; tệp CSV giữ tên cột cũ “trung vị”, “p90”.", "“Half waited at most 12 min” means half were called within 12 minutes and half waited longer (the median). “9 in 10 waited at most 25 min” means only 1 in 10 waited longer than 25 minutes (the 90th percentile, p90). Unlike an average, a few very long waits do not skew them. Computed as Excel's PERCENTILE.INC; the CSV files keep the former column names “median”, “p90”."},
	"r.def.stars":     {"Điểm hài lòng trung bình", "Average satisfaction score"},
	"r.def.score":     {"Trung bình cộng số sao người dân chọn, từ 1 sao (Rất không hài lòng) đến 5 sao (Rất hài lòng). Tệp CSV gọi cột này là “Sao TB”.", "The mean of the stars citizens chose, from 1 (Very dissatisfied) to 5 (Very satisfied). The CSV files call this column “Avg stars”."},
	"r.def.noshow":    {"Tỷ lệ vắng mặt = số phiếu đã gọi mà người dân không có mặt (trạng thái cuối) ÷ số phiếu đã được gọi.", "No-show rate = tickets whose final state is no-show ÷ tickets called."},
	"r.def.satisfied": {"Tỷ lệ hài lòng = số lượt đánh giá 4 hoặc 5 sao (Hài lòng, Rất hài lòng) ÷ tổng số lượt đánh giá.", "Satisfaction rate = ratings of 4 or 5 stars (Satisfied, Very satisfied) ÷ all ratings."},
	"r.def.officer":   {"Bảng theo cán bộ tổng hợp theo từng hồ sơ (phiếu) rồi theo cán bộ, theo tinh thần Thông tư 01/2018/TT-VPCP; số phiếu tính theo cán bộ gọi/phục vụ phiếu lần cuối, đánh giá tính theo cán bộ tại thời điểm đánh giá. Cán bộ hiện theo tên; chưa có tên thì hiện mã cán bộ. Tệp CSV có cả mã (cột đầu) và tên (cột cuối).", "The officer table rolls up per ticket then per officer, in the spirit of Circular 01/2018/TT-VPCP; tickets count for the officer who last called or served them, ratings for the officer at rating time. Officers are shown by name, or by their id when no name is known. The CSV files have both the id (first column) and the name (last column)."},
	"r.def.source":    {"Đây là đánh giá của người dân tại quầy, tại ki-ốt và qua mã QR trên phiếu, do cơ quan tự thu thập; không phải khảo sát SIPAS.", "These are citizens' ratings at the counter, the kiosk and through the ticket's QR code, collected by the office itself; they are not the SIPAS survey."},
	"r.generated":     {"Tạo báo cáo trong", "Report built in"},
	"t.title":         {"Phiếu số thứ tự", "Queue ticket"},
	"t.number":        {"Số thứ tự", "Number"},
	"t.service":       {"Lĩnh vực", "Service"},
	"t.status":        {"Trạng thái", "Status"},
	"t.asof":          {"Theo lần đồng bộ gần nhất lúc", "As of the last sync at"},
	"t.waiting":       {"Đang chờ đến lượt", "Waiting for your turn"},
	"t.called":        {"Mời đến quầy số %d", "Please go to counter %d"},
	"t.serving":       {"Đang được phục vụ tại quầy số %d", "Being served at counter %d"},
	"t.done":          {"Đã hoàn thành", "Done"},
	"t.no_show":       {"Đã gọi nhưng vắng mặt. Vui lòng liên hệ quầy hướng dẫn.", "Called but not present. Please ask at the information desk."},
	"t.cancelled":     {"Phiếu đã huỷ", "Cancelled"},
	"t.expired":       {"Phiếu đã hết hiệu lực", "Expired"},
	"t.rate":          {"Ông/bà có hài lòng với việc giải quyết thủ tục hôm nay?", "How satisfied are you with today's service?"},
	"t.reasons":       {"Nếu chưa hài lòng (1–3 sao), vì sao? (có thể chọn nhiều)", "If not satisfied (1–3 stars), why? (choose any)"},
	"t.comment":       {"Ý kiến khác (không bắt buộc)", "Other remarks (optional)"},
	"t.submit":        {"Gửi đánh giá", "Send rating"},
	"t.privacy":       {"Đánh giá không ghi lại danh tính của ông/bà.", "Your rating does not record who you are."},
	"t.thanks":        {"Cảm ơn ông/bà đã đánh giá!", "Thank you for your rating!"},
	"t.rated":         {"Phiếu này đã được đánh giá. Cảm ơn ông/bà!", "This ticket has already been rated. Thank you!"},
	"t.need_stars":    {"Vui lòng chọn mức độ hài lòng.", "Please choose how satisfied you are."},
	"t.not_done":      {"Ông/bà có thể đánh giá sau khi được phục vụ xong.", "You can rate once you have been served."},
	"t.refresh":       {"Trang tự cập nhật mỗi 30 giây.", "This page refreshes every 30 seconds."},
	"t.ahead":         {"Trước ông/bà còn %s người", "%s people ahead of you"},
	"t.ahead1":        {"Trước ông/bà còn 1 người", "1 person ahead of you"},
	"t.next":          {"Ông/bà là người kế tiếp", "You are next"},
	"t.notify":        {"Báo khi sắp đến lượt", "Alert me when my turn is near"},
	"t.notify_on":     {"Đã bật: điện thoại sẽ đổ chuông và rung khi trước ông/bà còn %d người. Vui lòng để trang này mở.", "On: your phone will chime and vibrate when %d people are ahead of you. Keep this page open."},
	"t.near":          {"Sắp đến lượt ông/bà! Vui lòng đến gần khu vực quầy.", "Your turn is near! Please come close to the counters."},
	"t.stale":         {"Chưa nhận được tin mới từ cơ quan; số người chờ có thể đã thay đổi.", "No recent news from the office; the number waiting may have changed."},
	"t.retry":         {"Mất kết nối, đang thử lại…", "Connection lost, trying again…"},
	"nf.title":        {"Không tìm thấy", "Not found"},
	"nf.text":         {"Không tìm thấy phiếu hoặc trang này. Vui lòng kiểm tra lại mã QR trên phiếu số thứ tự.", "The ticket or page was not found. Please check the QR code on your ticket."},
	"nf.home":         {"Nếu cần hỗ trợ, vui lòng hỏi cán bộ tại quầy hướng dẫn.", "If you need help, please ask at the information desk."},
}

// lang picks the page language: ?lang= first, then the "lang" cookie,
// then Vietnamese.
func lang(r *http.Request) report.Lang {
	v := r.URL.Query().Get("lang")
	if v == "" {
		if c, err := r.Cookie("lang"); err == nil {
			v = c.Value
		}
	}
	if v == "en" {
		return report.EN
	}
	return report.VI
}

// rememberLang keeps an explicit ?lang= choice in a cookie.
func rememberLang(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query().Get("lang")
	if v != "vi" && v != "en" {
		return
	}
	http.SetCookie(w, &http.Cookie{Name: "lang", Value: v, Path: "/", MaxAge: 365 * 24 * 3600,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil})
}

// tr translates key; an unknown key is returned as is so a missing string
// shows up on the page instead of vanishing.
func tr(l report.Lang, key string) string {
	m, ok := messages[key]
	if !ok {
		return key
	}
	if l == report.EN {
		return m[1]
	}
	return m[0]
}

// otherLangURL is the current URL with ?lang= switched to the other
// language.
func otherLangURL(r *http.Request, l report.Lang) string {
	q := r.URL.Query()
	if l == report.EN {
		q.Set("lang", "vi")
	} else {
		q.Set("lang", "en")
	}
	u := url.URL{Path: r.URL.Path, RawQuery: q.Encode()}
	return u.String()
}
