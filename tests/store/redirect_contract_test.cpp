#include "store/backends.hpp"

namespace gp::test {
namespace {

template <class Backend>
class RedirectContract : public Contract<Backend> {};
TYPED_TEST_SUITE(RedirectContract, Backends, BackendNames);

TYPED_TEST(RedirectContract, PutsReplacesFindsAndListsInPathOrder) {
    auto& store = this->s_.redirects;
    store.put_redirect({"/old/news/", "/news/", 301}, kNow);
    store.put_redirect({"/a/1.html", "/news/policy/1.html", 302}, kNow);
    store.put_redirect({"/old/news/", "/news/policy/", 308}, kNow);

    const auto found = store.find_redirect("/old/news/");
    ASSERT_TRUE(found);
    EXPECT_EQ(found->to_path, "/news/policy/");
    EXPECT_EQ(found->code, 308);
    EXPECT_FALSE(store.find_redirect("/old/news"));

    const auto list = store.list_redirects();
    ASSERT_EQ(list.size(), 2u);
    EXPECT_EQ(list[0].from_path, "/a/1.html");
    EXPECT_EQ(list[0].code, 302);
    EXPECT_EQ(list[1].from_path, "/old/news/");
}

TYPED_TEST(RedirectContract, RefusesAStatusThatIsNoRedirect) {
    EXPECT_ANY_THROW(this->s_.redirects.put_redirect({"/x/", "/y/", 200}, kNow));
    EXPECT_TRUE(this->s_.redirects.list_redirects().empty());
}

}  // namespace
}  // namespace gp::test
