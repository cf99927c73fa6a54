#include "content/crawler.hpp"

#include <gtest/gtest.h>

namespace gp::content {
namespace {

TEST(Crawler, KnownSearchEnginesAndBots) {
    for (const char* ua : {
             "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)",
             "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, "
             "like Gecko) Chrome/120.0 Mobile Safari/537.36 (compatible; Googlebot/2.1; "
             "+http://www.google.com/bot.html)",
             "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
             "Sogou web spider/4.0(+http://www.sogou.com/docs/help/webmasters.htm#07)",
             "Mozilla/5.0 (compatible; MSIE 9.0; Windows NT 6.1; Trident/5.0); 360Spider",
             "YisouSpider",
             "Mozilla/5.0 (Linux; Android 5.0) AppleWebKit/537.36 (KHTML, like Gecko) Mobile "
             "Safari/537.36 (compatible; Bytespider; spider-feedback@bytedance.com)",
             "Mozilla/5.0 (compatible; YandexBot/3.0)",
             "curl/7.88.1",
             "Wget/1.21",
             "",
         }) {
        EXPECT_TRUE(is_crawler(ua)) << ua;
    }
}

TEST(Crawler, OrdinaryBrowsersCount) {
    for (const char* ua : {
             "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
             "Chrome/131.0.0.0 Safari/537.36",
             "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, "
             "like Gecko) Mobile/15E148 MicroMessenger/8.0.50(0x1800323c) NetType/WIFI "
             "Language/zh_CN",
             "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
         }) {
        EXPECT_FALSE(is_crawler(ua)) << ua;
    }
}

}  // namespace
}  // namespace gp::content
