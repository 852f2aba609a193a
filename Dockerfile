# syntax=docker/dockerfile:1
# TeamCheckup web app. Build: docker build -t teamcheckup .   Run with SQL Server: docker compose up --build
#
# Build stage: restores and publishes for the target architecture only (no native files for other
# platforms), on the build machine's own platform.
FROM --platform=$BUILDPLATFORM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ARG TARGETARCH
WORKDIR /source

COPY Directory.Build.props Directory.Build.targets Directory.Packages.props ./
# The SQL migrations in db/ are embedded into the app assembly.
COPY db/ db/
COPY src/ src/
RUN dotnet restore src/TeamCheckup.Web/TeamCheckup.Web.csproj -a "$TARGETARCH"
RUN dotnet publish src/TeamCheckup.Web/TeamCheckup.Web.csproj --no-restore -c Release -a "$TARGETARCH" \
        --self-contained false -p:UseAppHost=false -o /app

# Runtime stage: ASP.NET Core runtime only, as the image's non-root `app` user ($APP_UID).
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
# The embedded SQLite default keeps its database and data-protection keys here; on SQL Server
# (docker-compose.yml) both live in the database and this folder stays empty.
RUN mkdir -p /app/data && chown "$APP_UID" /app/data

# Outside Development the app also needs AllowedHosts, App__PublicBaseUrl and (behind a TLS proxy)
# ForwardedHeaders__KnownProxies at run time; see the README's Security section.
ENV ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_HTTP_PORTS= \
    ASPNETCORE_ENVIRONMENT=Production
USER $APP_UID
EXPOSE 8080
# No HEALTHCHECK: the aspnet image has neither curl nor wget. Probe GET /health/live (process up)
# and GET /health/ready (database reachable, migrations applied) from the orchestrator instead.
ENTRYPOINT ["dotnet", "TeamCheckup.Web.dll"]
