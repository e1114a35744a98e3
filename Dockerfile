# The i2i streamer as a container. Built from source, so a fresh machine needs only Docker:
#   docker build -t i2i .                          (CPU)
#   docker build -t i2i-gpu --build-arg BUILD_FLAGS='-Pcuda -Dcuda.redist.classifier=' \
#     --build-arg BASE=gpu .   (CUDA; the base image brings CUDA, so not the bundled copies)
# Written on a machine without a Docker engine: not built or run there (see the README).
ARG BASE=cpu

FROM maven:3.9-eclipse-temurin-17 AS build
ARG BUILD_FLAGS=
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests ${BUILD_FLAGS} -pl streamer -am clean package

# CPU: a plain JRE.
FROM eclipse-temurin:17-jre AS cpu

# GPU: ONNX Runtime 1.29's GPU build needs CUDA 12 and cuDNN 9 user-space libraries; the NVIDIA
# image brings them, the host brings only the driver (docker run --gpus all).
FROM nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04 AS gpu
RUN apt-get update && apt-get install -y --no-install-recommends openjdk-17-jre-headless \
    && rm -rf /var/lib/apt/lists/*

FROM ${BASE}
WORKDIR /i2i
COPY --from=build /src/streamer/target/i2i-streamer.jar streamer/target/
COPY --from=build /src/streamer/target/lib streamer/target/lib
COPY models models
COPY samples samples
RUN useradd --system --home /i2i i2i && mkdir -p /state /i2i/.i2i/tmp && chown -R i2i /state /i2i
USER i2i
EXPOSE 9464
# /health answers 200 only while the stream runs and commits (see the README).
HEALTHCHECK --interval=15s --timeout=5s --start-period=90s --retries=3 CMD bash -c \
  'exec 3<>/dev/tcp/127.0.0.1/9464 && printf "GET /health HTTP/1.0\r\n\r\n" >&3 && grep -q " 200 " <&3'
ENTRYPOINT ["java", "-Djava.io.tmpdir=/i2i/.i2i/tmp", "-jar", "streamer/target/i2i-streamer.jar"]
CMD ["stream", "--bootstrap-servers", "kafka:9092", "--models-root", "models", \
     "--state-dir", "/state", "--http-host", "0.0.0.0"]
