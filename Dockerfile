# The image compose.yaml runs for the app, the workers and the migration: `npm run build` bundles the server processes
# (dist/) and builds Next, so nothing needs a TypeScript loader at run time.
FROM node:20-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
ENV NEXT_TELEMETRY_DISABLED=1
RUN npm run build
EXPOSE 3000
CMD ["npm", "start"]
