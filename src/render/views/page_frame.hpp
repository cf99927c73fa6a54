#pragma once

#include <optional>
#include <string>
#include <vector>

#include "render/renderer.hpp"

namespace gp::render {

/// One entry of the main menu.
struct NavItemView {
    std::string name;
    std::string url;
    bool active = false;  ///< the section the page belongs to (aria-current)
};

/// What templates/layout.mustache shows around every public page: the header with the site's
/// name and hotline, the menu, the widgets that bring clients in, and the footer with the
/// filing numbers.
struct FrameView {
    std::string page_title;  ///< the <title>: "page - site", or the site's name alone
    std::string site_name;
    std::string site_tagline;
    std::string hotline;  ///< shown only when set
    std::vector<NavItemView> nav;
    std::string consult_label;
    std::string consult_url;
    std::string wechat_caption;
    std::string qr_url;
    std::string css_url;  ///< versioned, so it may be cached for a year
    std::string js_url;
    std::string icp_record;     ///< ICP 备案号, shown only when set
    std::string police_record;  ///< 公安备案号, shown only when set
    std::string year;           ///< of the copyright line, in the site's time zone
    std::string csrf_token;     ///< for the call-back form in the sidebar
    std::optional<std::string> logo_url;
    std::optional<std::string> analytics_script;
    /// The call-back page is the form itself, so the sidebar leaves its copy out.
    bool on_callback_page = false;
};

/// The head of a page that search engines and link previews read: canonical URL, description
/// and keywords, Open Graph, JSON-LD, the feed, and rel=prev/next of a paged list.
struct HeadView {
    std::string canonical;  ///< absolute
    std::optional<std::string> meta_description;
    std::optional<std::string> meta_keywords;
    std::string og_title;
    std::string og_type = "website";
    std::optional<std::string> og_image;  ///< absolute
    std::optional<std::string> json_ld;   ///< already made safe for a <script> element
    std::string rss_url = "/rss.xml";
    std::optional<std::string> head_prev;  ///< absolute
    std::optional<std::string> head_next;
};

/// The frame under the names the layout uses; a page adds its own view to it.
Data to_data(const FrameView& frame);

/// Adds the head's fields to `page`.
void add_to(Data& page, const HeadView& head);

}  // namespace gp::render
