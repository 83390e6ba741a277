# ecslint in a container: a static binary on an empty base, run as a non-root user in /src.
#
#   docker build -t ecslint .
#   docker run --rm -v "$PWD:/src" ecslint            # checks the mounted directory
#   docker run --rm -v "$PWD:/src" ecslint --format sarif -o ecslint.sarif .
#
# The build stage is Alpine, whose Rust targets musl: the binary needs no libc at run time.
FROM rust:1.95-alpine AS build
# The C compiler and musl headers for mimalloc, the allocator ecslint links. Not pinned to a
# version: Alpine replaces its packages' versions within a release, so a pin breaks the build.
# hadolint ignore=DL3018
RUN apk add --no-cache build-base
WORKDIR /build
COPY . .
RUN cargo build --release --locked \
    && strip target/release/ecslint \
    && mkdir -p /out/src \
    && cp target/release/ecslint /out/ecslint

FROM scratch
COPY --from=build /out/ecslint /usr/local/bin/ecslint
COPY --from=build --chown=65532:65532 /out/src /src
USER 65532:65532
WORKDIR /src
ENTRYPOINT ["/usr/local/bin/ecslint"]
CMD ["check", "."]
