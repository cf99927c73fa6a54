#include "render/views/page_frame.hpp"

namespace gp::render {

Data to_data(const FrameView& frame) {
    Data d;
    d.set("page_title", frame.page_title);
    d.set("site_name", frame.site_name);
    d.set("site_tagline", frame.site_tagline);
    d.set("hotline", frame.hotline);
    d.set("has_hotline", !frame.hotline.empty());
    List nav;
    for (const auto& item : frame.nav) {
        Data n;
        n.set("name", item.name);
        n.set("url", item.url);
        n.set("active", item.active);
        nav.push_back(n);
    }
    d.set("nav", nav);
    d.set("consult_label", frame.consult_label);
    d.set("consult_url", frame.consult_url);
    d.set("wechat_caption", frame.wechat_caption);
    d.set("qr_url", frame.qr_url);
    d.set("css_url", frame.css_url);
    d.set("js_url", frame.js_url);
    d.set("icp_record", frame.icp_record);
    d.set("has_icp", !frame.icp_record.empty());
    d.set("police_record", frame.police_record);
    d.set("has_police", !frame.police_record.empty());
    d.set("year", frame.year);
    d.set("csrf_token", frame.csrf_token);
    // Absent rather than empty: Mustache opens a {{#key}} section for "".
    if (frame.logo_url) d.set("logo_url", *frame.logo_url);
    if (frame.analytics_script) d.set("analytics_script", *frame.analytics_script);
    if (frame.on_callback_page) d.set("on_callback_page", true);
    return d;
}

void add_to(Data& page, const HeadView& head) {
    page.set("canonical", head.canonical);
    if (head.meta_description) page.set("meta_description", *head.meta_description);
    if (head.meta_keywords) page.set("meta_keywords", *head.meta_keywords);
    page.set("og_title", head.og_title);
    page.set("og_type", head.og_type);
    if (head.og_image) page.set("og_image", *head.og_image);
    if (head.json_ld) page.set("json_ld", *head.json_ld);
    page.set("rss_url", head.rss_url);
    if (head.head_prev) page.set("head_prev", *head.head_prev);
    if (head.head_next) page.set("head_next", *head.head_next);
}

}  // namespace gp::render
