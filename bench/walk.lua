-- wrk script: requests the paths listed in the file named by the environment variable
-- GP_BENCH_PATHS, one after another, so that each request asks for a page not asked for before
-- (GuardPress renders it for the first time). Used by bench/run.sh for the uncached case.
local paths = {}
local next_index = 1

function init(args)
    for line in io.lines(os.getenv("GP_BENCH_PATHS")) do
        paths[#paths + 1] = line
    end
end

function request()
    local path = paths[next_index]
    next_index = next_index % #paths + 1
    return wrk.format("GET", path)
end
