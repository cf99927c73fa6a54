#include "http/pipeline.hpp"

namespace gp::http {

Response Next::operator()(Request& req, RequestContext& ctx) const {
    if (index_ == pipeline_->stages_.size()) return pipeline_->endpoint_(req, ctx);
    return pipeline_->stages_[index_]->handle(req, ctx, Next(*pipeline_, index_ + 1));
}

Pipeline::Pipeline(std::vector<std::unique_ptr<Middleware>> stages, Endpoint endpoint)
    : stages_(std::move(stages)), endpoint_(std::move(endpoint)) {}

}  // namespace gp::http
